"""PyTorch's training step timed one step at a time, for long side-by-side runs against
`cnnc bench FILE --train --iterations N`, which reports the median, min and mean of its steps.

The models and the step are those of the reference benchmark (peers/torch_bench.py, which this
imports); that script reports the median of a few timed calls, this one of --steps single steps.

Run:  /usr/bin/python3 samples/bench/torch_steps.py [--model ResNet20|LeNet5] [--steps 300]
      [--peers samples/bench/peers] [--threads 2]
"""
import argparse
import statistics
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--model', default='ResNet20', choices=['ResNet20', 'LeNet5'])
    ap.add_argument('--steps', type=int, default=300)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--peers', default=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'peers'),
                    help='folder holding torch_bench.py')
    a = ap.parse_args()
    sys.path.insert(0, a.peers)
    import torch
    import torch_bench as tb
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    if a.model == 'ResNet20':
        m, batch, shape = tb.ResNet20(), 32, (3, 32, 32)
    else:
        m, batch, shape = tb.LeNet5(), 64, (1, 28, 28)
    x = torch.randn(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    step = tb.train_step_fn(m, x, y)
    for _ in range(3):
        step()
    ms = []
    for _ in range(a.steps):
        t = time.perf_counter()
        step()
        ms.append((time.perf_counter() - t) * 1000)
    med = statistics.median(ms)
    print(f"{a.model} train step b{batch}: {med:.3f} ms per step, {batch * 1000 / med:.1f} images/s "
          f"(median of {a.steps} steps: min {min(ms):.3f}, mean {statistics.fmean(ms):.3f} ms)")


if __name__ == '__main__':
    main()
