package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.Chain;
import dev.cnnc.compiler.ast.Definition;
import dev.cnnc.compiler.ast.Expr;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.diag.Suggest;
import dev.cnnc.compiler.ir.Attrs;
import dev.cnnc.compiler.ir.Component;
import dev.cnnc.compiler.ir.DType;
import dev.cnnc.compiler.ir.Graph;
import dev.cnnc.compiler.ir.Node;
import dev.cnnc.compiler.ir.Param;
import dev.cnnc.compiler.ir.Shape;
import dev.cnnc.compiler.ir.TensorType;
import dev.cnnc.compiler.ir.Value;
import dev.cnnc.compiler.ops.AttrSpec;
import dev.cnnc.compiler.ops.InferContext;
import dev.cnnc.compiler.ops.OpDef;
import dev.cnnc.compiler.ops.OpRegistry;
import dev.cnnc.compiler.ops.ParamSpec;
import dev.cnnc.compiler.train.Catalogs;
import dev.cnnc.compiler.train.TrainRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a model definition into a typed {@link Graph}: evaluates arguments, expands blocks
 * (with repetition and conditions), binds options, and runs each op's shape rule as its
 * node is made, so every value has a known shape. Reports every independent problem;
 * a value whose error was reported becomes {@link Val.Poison} so it causes no more.
 */
final class Elaborator {
    /** Element type names of other tools, mapped to cnnc's words. */
    /** The largest repeat count of a chain stage ({@code block * n}). */
    static final int MAX_REPEAT = 10_000;
    /** The most layers (nodes) one model may expand to, repeats and block uses multiplied out. */
    static final int MAX_LAYERS = 100_000;
    /** The most block uses (instances) one model may expand to, nested ones included. */
    static final int MAX_BLOCK_USES = 20_000;
    /** The deepest chain of block uses (a block using a block using ...). */
    static final int MAX_BLOCK_DEPTH = 100;
    /**
     * The deepest recursion of the elaborator (expressions, chains and block bodies nested in
     * each other); SourceParser bounds one file's nesting, this bounds their sum through blocks.
     */
    static final int MAX_EVAL_DEPTH = 2_000;

    private static final Map<String, String> DTYPE_ALIASES = Map.ofEntries(
            Map.entry("float", "f32"), Map.entry("float32", "f32"), Map.entry("fp32", "f32"),
            Map.entry("double", "f64"), Map.entry("float64", "f64"), Map.entry("fp64", "f64"),
            Map.entry("half", "f16"), Map.entry("float16", "f16"), Map.entry("fp16", "f16"),
            Map.entry("long", "i64"), Map.entry("int64", "i64"), Map.entry("int", "i32"),
            Map.entry("int32", "i32"), Map.entry("uint8", "u8"), Map.entry("byte", "u8"));

    private final Diagnostics diagnostics;
    private final OpRegistry ops = OpRegistry.standard();
    private final Deque<Definition> expanding = new ArrayDeque<>();
    /** Forward FLOPs per sample of the model's layers so far (at most InferContext.MAX_FLOPS). */
    private long modelFlops;
    /** Block uses expanded in the model so far. */
    private int blockUses;
    /** How deep eval and chain recurse now. */
    private int evalDepth;
    /** Set once a limit of the whole expansion was reported: nothing more is expanded. */
    private boolean exhausted;
    /** Layers and block uses the last expansion of each block made, to refuse one that cannot fit before making it. */
    private final Map<Definition, long[]> lastExpansion = new java.util.IdentityHashMap<>();
    /** Lower bounds of block uses read from the text, to refuse an expansion that cannot fit before making any of it. */
    private final ExpansionBound bound = new ExpansionBound(name -> ops.lookup(name) != null);

    // State of the model being elaborated.
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, SourceSpan> layerNames = new HashMap<>();
    private Component modelInit;

    /** Blocks expanded so far, by any model of the compilation (see {@link #lintBlock}). */
    private final Set<Definition> expanded;

    Elaborator(Diagnostics diagnostics) {
        this(diagnostics, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    }

    Elaborator(Diagnostics diagnostics, Set<Definition> expanded) {
        this.diagnostics = diagnostics;
        this.expanded = expanded;
    }

    /** A binding of a name in a body: an input, a parameter or a value, and whether it was read. */
    private static final class Binding {
        final Val val;
        final SourceSpan span;
        final String kind;
        boolean used;

        Binding(Val val, SourceSpan span, String kind) {
            this.val = val;
            this.span = span;
            this.kind = kind;
        }
    }

    /** Names of one block or model instance. */
    private static final class Scope {
        final Definition def;
        final Namespace ns;
        final String prefix;
        final Map<String, Binding> names = new LinkedHashMap<>();
        final Map<String, Integer> counters = new HashMap<>();
        final Set<String> cyclic = new HashSet<>();

        Scope(Definition def, Namespace ns, String prefix) {
            this.def = def;
            this.ns = ns;
            this.prefix = prefix;
        }

        String autoName(String base) {
            int n = counters.merge(base, 1, Integer::sum);
            return base + n;
        }
    }

    // ---------------------------------------------------------------- models

    /** The current model's train entries: key to the span of its value, and the section (for absent keys). */
    private final Map<String, SourceSpan> trainSpans = new HashMap<>();
    private SourceSpan trainSection;
    /** The train section's {@code freeze} entries, each with where it is written. */
    private final List<Map.Entry<String, SourceSpan>> freezeEntries = new ArrayList<>();

    Graph model(Definition def, Namespace ns) {
        nodes.clear();
        layerNames.clear();
        blockUses = 0;
        modelFlops = 0;
        evalDepth = 0;
        exhausted = false;
        lastExpansion.clear();
        Scope scope = new Scope(def, ns, "");
        for (Definition.Param p : def.params()) {
            if (p.defaultValue() == null) {
                diagnostics.error(p.span(), "model parameter `" + p.name() + "` needs a default value",
                        "write `" + p.name() + " = ...` in the model's parameter list");
                scope.names.put(p.name(), new Binding(Val.Poison.INSTANCE, p.span(), "parameter"));
            } else {
                scope.names.put(p.name(), new Binding(eval(p.defaultValue(), scope), p.span(), "parameter"));
            }
        }
        Attrs training = training(def, scope);
        modelInit = training == null ? null : training.component("init");

        List<Value> inputs = new ArrayList<>();
        for (Stmt s : def.body()) {
            if (s instanceof Stmt.Input in) {
                Value v = modelInput(in, scope);
                if (v != null) {
                    inputs.add(v);
                }
                bind(scope, in.name(), in.nameSpan(), v == null ? Val.Poison.INSTANCE : new Val.Tensor(v), "input");
            }
        }
        if (def.body().stream().noneMatch(s -> s instanceof Stmt.Input)) {
            diagnostics.error(def.nameSpan(), "model `" + def.name() + "` has no input",
                    "declare one, e.g. `input x: [3, 32, 32]` (channels, height, width)");
        }
        Map<String, Value> outputs = body(scope, def.body());
        if (outputs.isEmpty() && def.body().stream().noneMatch(s -> s instanceof Stmt.Output)) {
            diagnostics.error(def.nameSpan(), "model `" + def.name() + "` has no output",
                    "name the result, e.g. `output logits = x -> ... -> dense(10)`");
        }
        checkUnused(scope);
        if (training != null && !diagnostics.hasErrors()) {
            checkFreeze(def.name());
        }
        if (training != null && !diagnostics.hasErrors()) {
            // train's own rules, so that check refuses what train would
            Shape first = inputs.isEmpty() ? null : inputs.get(0).shape();
            TrainRules.check(training, first != null && first.rank() == 3 ? first.dim(0) : 0, trainSpans,
                    trainSection, diagnostics);
        }
        if (!diagnostics.hasErrors()) {
            warnSoftmaxBeforeLoss(training, outputs, nodes);
        }
        if (diagnostics.hasErrors()) {
            return null;
        }
        return new Graph(def.name(), def.nameSpan(), inputs, nodes, outputs, training);
    }

    /**
     * A warning where the output the loss reads is a softmax and the loss applies one itself
     * (cross_entropy, focal, distillation): trained so, the model learns through two softmaxes and
     * stalls (issue 18, item 8). PyTorch's CrossEntropyLoss, like cnnc's, expects logits.
     */
    private void warnSoftmaxBeforeLoss(Attrs training, Map<String, Value> outputs, List<Node> nodes) {
        // (without a train section, or a loss in it, train uses cross_entropy)
        dev.cnnc.compiler.ir.Component loss = training == null ? null : training.component("loss");
        String lossName = loss == null ? "cross_entropy" : loss.name();
        if (outputs.isEmpty() || !TrainRules.lossTakesLogits(lossName)) {
            return;
        }
        Value out = outputs.values().iterator().next();
        for (Node n : nodes) {
            // (log_softmax is harmless: log_softmax of log-probabilities is the same log-probabilities)
            if (n.output() == out && n.op().name().equals("softmax")) {
                diagnostics.warning(n.span(), "the model's output is a `softmax`, and the loss `" + lossName
                        + "` applies one itself: trained so, it learns slowly or not at all",
                        "end the model with the logits (remove `softmax`): the loss takes their log-softmax, as "
                                + "PyTorch's CrossEntropyLoss does");
            }
        }
    }

    private Value modelInput(Stmt.Input in, Scope scope) {
        if (in.type() == null) {
            diagnostics.error(in.nameSpan(), "model input `" + in.name() + "` needs a shape",
                    "e.g. `input " + in.name() + ": [1, 28, 28]` (channels, height, width; the batch is implicit)");
            return null;
        }
        TensorType t = tensorType(in.type(), scope);
        if (t == null) {
            return null;
        }
        if (!InferContext.withinElementLimit(t.shape())) {
            diagnostics.error(in.type().span(), String.format(Locale.ROOT, "input `%s` has more than %,d elements per "
                    + "sample (the limit)", in.name(), InferContext.MAX_ELEMENTS),
                    "a tensor's elements are indexed with 32-bit integers; use a smaller input");
            return null;
        }
        return new Value(in.name(), t);
    }

    private TensorType tensorType(Stmt.TensorTypeExpr type, Scope scope) {
        DType dtype = DType.F32;
        if (type.dtype() != null) {
            dtype = DType.fromWord(type.dtype());
            if (dtype == null) {
                String ours = DTYPE_ALIASES.get(type.dtype().toLowerCase(Locale.ROOT));
                diagnostics.error(type.dtypeSpan(), "unknown element type `" + type.dtype() + "`",
                        ours != null ? "cnnc writes this `" + ours + "`" : hintOr(Suggest.didYouMean(type.dtype(),
                                DType.words()), "known: " + String.join(", ", DType.words())));
                return null;
            }
        }
        int rank = type.dims().size();
        if (rank != 1 && rank != 3) {
            diagnostics.error(type.span(), "an input shape is [C, H, W] or [F], got " + rank + " dimensions",
                    rank == 2 ? "add the channel count, e.g. [1, H, W] for grey images" : rank == 4
                            ? "leave the batch out: it is implicit" : null);
            return null;
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            Expr e = type.dims().get(i);
            Val v = eval(e, scope);
            if (v == Val.Poison.INSTANCE) {
                return null;
            }
            if (!(v instanceof Val.Int n) || n.v() < 1 || n.v() > Integer.MAX_VALUE) {
                diagnostics.error(e.span(), "a dimension must be a positive integer, got " + v.describe(), null);
                return null;
            }
            dims[i] = (int) n.v();
        }
        return new TensorType(dtype, Shape.of(dims));
    }

    private Attrs training(Definition def, Scope scope) {
        Stmt.Train train = null;
        for (Stmt s : def.body()) {
            if (s instanceof Stmt.Train t) {
                if (train != null) {
                    diagnostics.error(t.span(), "model `" + def.name() + "` has two `train` sections",
                            "merge them into one");
                    continue;
                }
                train = t;
            }
        }
        List<Val.EArg> args = new ArrayList<>();
        trainSpans.clear();
        freezeEntries.clear();
        trainSection = train == null ? def.nameSpan() : train.span();
        if (train != null) {
            for (Stmt.TrainEntry e : train.entries()) {
                Val value = evalConfig(e.value(), scope);
                if (e.key().equals("freeze")) {
                    value = freezeNames(value, e.value().span());
                }
                args.add(new Val.EArg(e.key(), e.keySpan(), value, e.value().span()));
                trainSpans.put(e.key(), e.value().span());
            }
        }
        Binder.Bound bound = binder(scope).bind(Catalogs.TRAIN_KEYS, args, "the `train` section",
                train == null ? def.nameSpan() : train.span());
        return bound == null ? null : bound.attrs();
    }

    /**
     * {@code freeze: [conv1, layer1]}: the layer names as strings (bare words or quoted), each
     * recorded with its place for {@link #checkFreeze}.
     */
    private Val freezeNames(Val value, SourceSpan entry) {
        List<Val> items = value instanceof Val.Seq seq ? seq.items() : List.of(value);
        List<Val> names = new ArrayList<>();
        for (Val item : items) {
            if (item instanceof Val.Word w) {
                freezeEntries.add(Map.entry(w.name(), w.span() != null ? w.span() : entry));
                names.add(new Val.Str(w.name()));
            } else {
                if (item instanceof Val.Str str) {
                    freezeEntries.add(Map.entry(str.v(), entry));
                }
                names.add(item);
            }
        }
        return new Val.Seq(names);
    }

    /**
     * Each {@code freeze} entry must name a layer (or a block instance, a prefix of layer names)
     * with trainable parameters: an error at the entry, with the closest name, otherwise.
     */
    private void checkFreeze(String model) {
        List<String> trainable = new ArrayList<>();
        for (Node n : nodes) {
            for (Param p : n.params()) {
                if (p.trainable()) {
                    trainable.add(p.name());
                }
            }
        }
        Set<String> prefixes = new java.util.LinkedHashSet<>();
        for (String name : trainable) {
            for (int i = name.indexOf('.'); i > 0; i = name.indexOf('.', i + 1)) {
                prefixes.add(name.substring(0, i));
            }
        }
        for (Map.Entry<String, SourceSpan> e : freezeEntries) {
            String layer = e.getKey();
            if (trainable.stream().noneMatch(n -> n.equals(layer) || n.startsWith(layer + "."))) {
                String hint = Suggest.didYouMean(layer, prefixes);
                diagnostics.error(e.getValue(), "`" + layer + "` names no layer with trainable parameters in model `"
                        + model + "`", hint != null ? hint : "freeze takes layer names (`conv(6, 5) as c1` is `c1`) "
                        + "or block instances; `cnnc info` lists them");
            }
        }
    }

    // ---------------------------------------------------------------- bodies

    /**
     * Elaborates a body's statements in dependency order; returns its outputs. Inputs and
     * parameters are bound by the caller.
     */
    private Map<String, Value> body(Scope scope, List<Stmt> stmts) {
        Map<String, Value> outputs = new LinkedHashMap<>();
        statements(scope, stmts, outputs, true);
        return outputs;
    }

    private void statements(Scope scope, List<Stmt> stmts, Map<String, Value> outputs, boolean topLevel) {
        for (Stmt s : stmts) {
            if (!topLevel && (s instanceof Stmt.Input || s instanceof Stmt.Train)) {
                diagnostics.error(s.span(), (s instanceof Stmt.Input ? "`input`" : "`train`")
                        + " cannot appear inside `if`", "declare it at the top of the body");
            }

            if (s instanceof Stmt.Train && scope.def.kind() == Definition.Kind.BLOCK) {
                diagnostics.error(s.span(), "a `train` section belongs in a model, not in block `"
                        + scope.def.name() + "`", null);
            }
        }
        Set<String> fixed = new HashSet<>();
        scope.names.forEach((name, b) -> {
            if (!b.kind.equals("value")) {
                fixed.add(name);
            }
        });
        List<Stmt> ordered = StatementOrder.order(stmts, topLevel ? fixed : Set.of(), diagnostics, scope.cyclic);
        for (Stmt s : ordered) {
            if (s instanceof Stmt.Assign a) {
                Val v = chain(a.chain(), scope);
                bind(scope, a.name(), a.nameSpan(), v, "value");
            } else if (s instanceof Stmt.Output o && topLevel) {
                output(scope, o, outputs);
            } else if (s instanceof Stmt.If i) {
                Val cond = eval(i.condition(), scope);
                if (cond == Val.Poison.INSTANCE) {
                    poisonDefinitions(scope, i);
                    continue;
                }
                if (!(cond instanceof Val.Bool b)) {
                    diagnostics.error(i.condition().span(), "an `if` condition must be true or false, got "
                            + cond.describe(), "compare, e.g. `if stride != 1 { ... }`");
                    poisonDefinitions(scope, i);
                    continue;
                }
                statements(scope, b.v() ? i.then() : i.otherwise(), outputs, false);
            }
        }
        // Statements left out because they are in a cycle (reported) still count as using what they name.
        Set<Stmt> done = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        done.addAll(ordered);
        for (Stmt s : stmts) {
            if ((s instanceof Stmt.Assign || s instanceof Stmt.If || s instanceof Stmt.Output) && !done.contains(s)) {
                Set<String> used = new HashSet<>();
                StatementOrder.uses(s, used);
                for (String name : used) {
                    Binding b = scope.names.get(name);
                    if (b != null) {
                        b.used = true;
                    }
                }
            }
        }
    }

    /**
     * After an `if` whose condition was in error, the names its branches define stand for
     * erroneous values, so that their uses report nothing more.
     */
    private void poisonDefinitions(Scope scope, Stmt.If i) {
        Map<String, SourceSpan> defs = new LinkedHashMap<>();
        StatementOrder.defines(i, defs);
        defs.forEach((name, span) -> {
            if (!scope.names.containsKey(name)) {
                Binding b = new Binding(Val.Poison.INSTANCE, span, "value");
                b.used = true;
                scope.names.put(name, b);
            }
        });
    }

    private void output(Scope scope, Stmt.Output o, Map<String, Value> outputs) {
        Val v;
        if (o.chain() != null) {
            v = chain(o.chain(), scope);
            bind(scope, o.name(), o.nameSpan(), v, "value");
            Binding b = scope.names.get(o.name());
            if (b != null) {
                b.used = true;
            }
        } else if (!scope.names.containsKey(o.name()) && !scope.cyclic.contains(o.name())
                && ifDefining(scope.def.body(), o.name()) == null) {
            diagnostics.error(o.nameSpan(), "undefined name `" + o.name() + "`", hintOr(
                    Suggest.didYouMean(o.name(), scope.names.keySet()), "`output " + o.name()
                            + "` names a value defined elsewhere; to define it here write `output " + o.name()
                            + " = ...`"));
            return;
        } else {
            v = lookup(o.name(), o.nameSpan(), scope, true);
        }
        if (v == Val.Poison.INSTANCE) {
            return;
        }
        if (!(v instanceof Val.Tensor t)) {
            diagnostics.error(o.nameSpan(), "output `" + o.name() + "` must be a tensor, got " + v.describe(), null);
            return;
        }
        if (outputs.putIfAbsent(o.name(), t.value()) != null) {
            diagnostics.error(o.nameSpan(), "output `" + o.name() + "` is declared twice", null);
        }
    }

    private void bind(Scope scope, String name, SourceSpan span, Val v, String kind) {
        if (ops.lookup(name) != null || Builtins.isBuiltin(name) || scope.ns.lookup(name) != null) {
            String what = ops.lookup(name) != null ? "an operation" : Builtins.isBuiltin(name) ? "a built-in function"
                    : "a block";
            diagnostics.error(span, "`" + name + "` is " + what + "; a " + kind + " cannot take its name",
                    "choose another name, e.g. `" + name + "_out`");
        }
        Binding prev = scope.names.get(name);
        if (prev != null && kind.equals("value") && prev.kind.equals("value")) {
            return; // defined twice: StatementOrder reported it
        }
        if (prev != null && kind.equals("input") && prev.kind.equals("input")) {
            return; // an input named twice: reported when the file was loaded
        }
        scope.names.put(name, new Binding(v, span, kind));
    }

    private void checkUnused(Scope scope) {
        for (Map.Entry<String, Binding> e : scope.names.entrySet()) {
            Binding b = e.getValue();
            if (!b.used && !e.getKey().startsWith("_") && !b.kind.equals("parameter")) {
                diagnostics.error(b.span, b.kind + " `" + e.getKey() + "` is never used",
                        "use it, or rename it `_" + e.getKey() + "` to keep it unused");
            }
        }
    }

    // ---------------------------------------------------------------- chains and calls

    private Val chain(Chain c, Scope scope) {
        if (exhausted) {
            return Val.Poison.INSTANCE;
        }
        if (!enter(c.head().span())) {
            return Val.Poison.INSTANCE;
        }
        try {
            return chainAt(c, scope);
        } finally {
            evalDepth--;
        }
    }

    /**
     * One level deeper into eval or chain; false (reported, and the model abandoned) past
     * {@link #MAX_EVAL_DEPTH}.
     */
    private boolean enter(SourceSpan at) {
        if (++evalDepth > MAX_EVAL_DEPTH) {
            evalDepth--;
            if (!exhausted) {
                exhausted = true;
                diagnostics.error(at, String.format(java.util.Locale.ROOT, "this model nests too deeply: more than %,d "
                        + "levels of expressions, chains and block uses inside each other (the limit)", MAX_EVAL_DEPTH),
                        "name the inner parts (`a = ...`) or flatten the blocks");
            }
            return false;
        }
        return true;
    }

    /**
     * Whether a model of {@code layers} layers and {@code uses} block uses is within the limits;
     * otherwise reports it at {@code at} (once per model: nothing more is expanded after it).
     */
    private boolean fits(long layers, long uses, SourceSpan at, java.util.function.Supplier<String> detail) {
        if (layers <= MAX_LAYERS && uses <= MAX_BLOCK_USES) {
            return true;
        }
        if (!exhausted) {
            exhausted = true;
            boolean tooManyLayers = layers > MAX_LAYERS;
            diagnostics.error(at, String.format(java.util.Locale.ROOT, tooManyLayers
                            ? "this model expands to more than %,d layers (the limit)%s"
                            : "this model expands to more than %,d block uses (the limit)%s",
                    tooManyLayers ? MAX_LAYERS : MAX_BLOCK_USES, detail.get()),
                    "repeats (`* n`) and blocks used inside blocks multiply; use fewer or smaller ones");
        }
        return false;
    }

    /** A count for a message: exact, or "more than 1,000,000" when it is past every limit (a saturated bound). */
    private static String atLeast(long n) {
        return n > 1_000_000 ? "more than 1,000,000" : String.format(java.util.Locale.ROOT, "at least %,d", n);
    }

    private Val chainAt(Chain c, Scope scope) {
        Val cur;
        if (c.head() instanceof Expr.Call call && !Builtins.isBuiltin(call.callee())) {
            cur = call(call, null, c.headAlias(), 0, scope);
        } else {
            if (c.head() instanceof Expr.Name n) {
                cur = lookup(n.id(), n.span(), scope, true);
            } else {
                cur = eval(c.head(), scope);
            }
            if (c.headAlias() != null) {
                diagnostics.error(c.headAlias().span(), "`as` names a layer, but this is not a layer call", null);
            }
        }
        for (Chain.Stage stage : c.stages()) {
            int times = 1;
            if (stage.repeat() != null) {
                Val r = eval(stage.repeat(), scope);
                if (r == Val.Poison.INSTANCE) {
                    return r;
                }
                if (!(r instanceof Val.Int n) || n.v() < 1 || n.v() > MAX_REPEAT) {
                    diagnostics.error(stage.repeat().span(), String.format(java.util.Locale.ROOT,
                            "a repeat count must be an integer from 1 to %,d, got %s", MAX_REPEAT, r.describe()),
                            null);
                    return Val.Poison.INSTANCE;
                }
                times = (int) n.v();
                ExpansionBound.Size one = bound.call(stage.call().callee(), scope.ns);
                int repeat = times;
                if (times > 1 && !fits(nodes.size() + one.layers() * times, blockUses + one.uses() * times,
                        stage.repeat().span(), () -> String.format(java.util.Locale.ROOT,
                                ": `* %d` repeats a stage of %s layers and %s block uses", repeat,
                                atLeast(one.layers()), atLeast(one.uses())))) {
                    return Val.Poison.INSTANCE;
                }
            }
            // After an error, each stage is still checked once (its name and options), but not expanded.
            int layersBefore = nodes.size();
            int usesBefore = blockUses;
            for (int i = 0; i < times && (i == 0 || cur != Val.Poison.INSTANCE); i++) {
                Chain.LayerName alias = stage.alias();
                if (alias != null && times > 1) {
                    alias = new Chain.LayerName(alias.text() + "." + i, alias.span());
                }
                cur = call(stage.call(), cur, alias, i, scope);
                if (i == 0 && times > 1 && cur != Val.Poison.INSTANCE) {
                    // One application is made: refuse the rest before making it if it cannot fit.
                    int repeat = times;
                    long layers = nodes.size() - layersBefore;
                    long uses = blockUses - usesBefore;
                    if (!fits(nodes.size() + layers * (times - 1), blockUses + uses * (times - 1),
                            stage.repeat().span(), () -> String.format(java.util.Locale.ROOT,
                                    ": `* %d` repeats a stage of %,d layer%s and %,d block use%s", repeat, layers,
                                    layers == 1 ? "" : "s", uses, uses == 1 ? "" : "s"))) {
                        return Val.Poison.INSTANCE;
                    }
                }
            }
        }
        return cur;
    }

    /** Resolves a name that must be defined; marks it used. */
    private Val lookup(String name, SourceSpan span, Scope scope, boolean tensorExpected) {
        Binding b = scope.names.get(name);
        if (b != null) {
            b.used = true;
            return b.val;
        }
        if (scope.cyclic.contains(name)) {
            return Val.Poison.INSTANCE;
        }
        String hint = null;
        Stmt.If branch = ifDefining(scope.def.body(), name);
        if (branch != null) {
            hint = "`" + name + "` is only defined in a branch of the `if` at line " + branch.span().line()
                    + " that is not taken here; define it in every branch";
        }
        if (hint == null) {
            String near = Suggest.closest(name, scope.names.keySet());
            if (near != null) {
                hint = "did you mean `" + near + "`?";
                scope.names.get(near).used = true; // it was meant to be used: no second error that it is not
            }
        }
        if (hint == null && ops.lookup(name) != null) {
            hint = "`" + name + "` is an operation: apply it with `->`, e.g. `x -> " + name + "`";
        }
        diagnostics.error(span, "undefined name `" + name + "`", hint);
        return Val.Poison.INSTANCE;
    }

    /** The outermost `if` among {@code stmts} with a branch that defines {@code name}, or null. */
    private static Stmt.If ifDefining(List<Stmt> stmts, String name) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.If i) {
                Map<String, SourceSpan> defs = new LinkedHashMap<>();
                StatementOrder.defines(i, defs);
                if (defs.containsKey(name)) {
                    return i;
                }
            }
        }
        return null;
    }

    /**
     * Applies the op or block {@code call} names to {@code piped} (null when not piped) and its
     * arguments; {@code index} is the position in a repetition.
     */
    private Val call(Expr.Call call, Val piped, Chain.LayerName alias, int index, Scope scope) {
        if (exhausted) {
            return Val.Poison.INSTANCE;
        }
        String name = call.callee();
        if (Builtins.isBuiltin(name)) {
            diagnostics.error(call.calleeSpan(), "`" + name + "` is a function of numbers, not a layer",
                    name.equals("max") ? "for max pooling use `maxpool(k)` or `global_maxpool`"
                            : "built-in functions compute option values, e.g. conv(max(c / 4, 8), 1)");
            return Val.Poison.INSTANCE;
        }
        if (piped != null && piped != Val.Poison.INSTANCE && !(piped instanceof Val.Tensor)) {
            diagnostics.error(call.calleeSpan(), "`" + name + "` needs a tensor, but receives " + piped.describe(),
                    "`->` feeds a tensor into a layer; start the chain from an input or a value");
            return Val.Poison.INSTANCE;
        }
        Namespace.Ref ref = scope.ns.lookup(name);
        if (ref != null) {
            return blockCall(ref, call, piped, alias, scope);
        }
        OpDef op = ops.lookup(name);
        if (op != null) {
            return opCall(op, call, piped, alias, scope);
        }
        unknownOperation(call, scope);
        return Val.Poison.INSTANCE;
    }

    private void unknownOperation(Expr.Call call, Scope scope) {
        String name = call.callee();
        List<String> known = new ArrayList<>(ops.names());
        known.addAll(scope.ns.names());
        known.remove(scope.def.name()); // (a definition cannot call itself: `sub` is not the model `Sub`)
        String hint = Suggest.didYouMean(name, known);
        String foreign = ops.foreignName(name);
        if (hint == null && foreign != null) {
            hint = "cnnc calls this `" + foreign + "`";
        }
        if (hint == null && scope.names.containsKey(name)) {
            hint = "`" + name + "` is a value; values start a chain: `" + name + " -> ...`";
        }
        diagnostics.error(call.calleeSpan(), "unknown operation `" + name + "`",
                hintOr(hint, "`cnnc ops` lists the operations"));
        // the values it was given were meant to be used: no second error that they are not
        for (Expr.Arg a : call.args()) {
            if (a.value() instanceof Expr.Name n && scope.names.containsKey(n.id())) {
                scope.names.get(n.id()).used = true;
            }
        }
    }

    // ---------------------------------------------------------------- blocks no model uses

    /**
     * Checks what can be checked of a block that no model expanded (a library file, or a block
     * not used yet): without input shapes nothing can be inferred, but every call must name a
     * known op or block, and every named option or parameter must exist.
     */
    void lintBlock(Definition def, Namespace ns) {
        if (expanded.contains(def)) {
            return;
        }
        Scope scope = new Scope(def, ns, "");
        for (Stmt s : def.body()) {
            lint(s, scope);
        }
    }

    private void lint(Stmt s, Scope scope) {
        if (s instanceof Stmt.Assign a) {
            lint(a.chain(), scope);
        } else if (s instanceof Stmt.Output o && o.chain() != null) {
            lint(o.chain(), scope);
        } else if (s instanceof Stmt.If i) {
            lint(i.condition(), scope);
            i.then().forEach(t -> lint(t, scope));
            i.otherwise().forEach(t -> lint(t, scope));
        }
    }

    private void lint(Chain c, Scope scope) {
        lint(c.head(), scope, true);
        for (Chain.Stage st : c.stages()) {
            lint(st.call(), scope, true);
            if (st.repeat() != null) {
                lint(st.repeat(), scope);
            }
        }
    }

    private void lint(Expr e, Scope scope) {
        lint(e, scope, false);
    }

    /**
     * {@code layer}: the call must be a layer (a chain's head or stage); inside arguments, a call
     * of an unknown name is a training component such as {@code normal(std: 0.1)}, which the
     * option's binding checks when the block is used.
     */
    private void lint(Expr e, Scope scope, boolean layer) {
        if (e instanceof Expr.Call c) {
            if (!Builtins.isBuiltin(c.callee())) {
                Namespace.Ref ref = scope.ns.lookup(c.callee());
                OpDef op = ops.lookup(c.callee());
                if (ref != null) {
                    List<String> params = ref.def().params().stream().map(Definition.Param::name).toList();
                    for (Expr.Arg a : c.args()) {
                        if (a.name() != null && !params.contains(a.name())) {
                            diagnostics.error(a.nameSpan(), "`" + c.callee() + "` has no parameter `" + a.name() + "`",
                                    hintOr(Suggest.didYouMean(a.name(), params), signature(ref.def())));
                        }
                    }
                } else if (op != null) {
                    List<String> options = op.attrs().stream().map(AttrSpec::name).toList();
                    for (Expr.Arg a : c.args()) {
                        if (a.name() != null && !options.contains(a.name())) {
                            String owner = "`" + op.name() + "`";
                            diagnostics.error(a.nameSpan(), "unknown option `" + a.name() + "` of " + owner,
                                    hintOr(Binder.unknownOptionHint(a.name(), options),
                                            Binder.signature(owner, op.attrs())));
                        }
                    }
                } else if (layer) {
                    unknownOperation(c, scope);
                }
            }
            c.args().forEach(a -> lint(a.value(), scope));
        } else if (e instanceof Expr.ChainExpr ch) {
            lint(ch.chain(), scope);
        } else if (e instanceof Expr.Unary u) {
            lint(u.operand(), scope);
        } else if (e instanceof Expr.Binary b) {
            lint(b.left(), scope);
            lint(b.right(), scope);
        } else if (e instanceof Expr.Tuple t) {
            t.items().forEach(x -> lint(x, scope));
        } else if (e instanceof Expr.ListLit l) {
            l.items().forEach(x -> lint(x, scope));
        }
    }

    private List<Val.EArg> args(List<Expr.Arg> args, Scope scope) {
        List<Val.EArg> out = new ArrayList<>();
        for (Expr.Arg a : args) {
            out.add(new Val.EArg(a.name(), a.nameSpan(), eval(a.value(), scope), a.value().span()));
        }
        return out;
    }

    /** Splits positional arguments into tensor inputs (after the piped one) and options. */
    private boolean takeTensors(String owner, int min, int max, Val piped, List<Val.EArg> args, List<Val> tensors,
                                List<SourceSpan> tensorSpans, List<Val.EArg> rest, Scope scope, String inputsHint) {
        boolean ok = true;
        if (piped != null) {
            tensors.add(piped);
            tensorSpans.add(null);
        }
        boolean positional = true;
        for (Val.EArg a : args) {
            if (a.name() != null) {
                positional = false;
            }
            if (positional && a.name() == null && tensors.isEmpty() && !(a.value() instanceof Val.Tensor)
                    && !(a.value() instanceof Val.Word) && a.value() != Val.Poison.INSTANCE) {
                // Nothing piped in and the first argument is an option: the input is missing, which
                // the caller reports; the arguments are still options.
                positional = false;
            }
            if (positional && a.name() == null && tensors.size() < max) {
                Val v = a.value();
                if (tensors.size() < min) {
                    if (v instanceof Val.Word w) {
                        lookup(w.name(), w.span(), scope, true);
                        v = Val.Poison.INSTANCE;
                    } else if (!(v instanceof Val.Tensor) && v != Val.Poison.INSTANCE) {
                        diagnostics.error(a.valueSpan(), owner + " expects a tensor as input " + (tensors.size() + 1)
                                + ", got " + v.describe(), inputsHint);
                        ok = false;
                    }
                    tensors.add(v);
                    tensorSpans.add(a.valueSpan());
                    continue;
                }
                if (v instanceof Val.Tensor) {
                    tensors.add(v);
                    tensorSpans.add(a.valueSpan());
                    continue;
                }
            }
            if (a.name() == null && a.value() instanceof Val.Tensor) {
                if (!ok) {
                    continue; // an earlier argument in a tensor's place was reported; this is its consequence
                }
                diagnostics.error(a.valueSpan(), owner + " takes " + (max == 1 ? "one tensor input" : "at most " + max
                        + " tensor inputs") + "; this extra tensor is not used", piped != null
                        ? "the value before `->` is already its input" : null);
                ok = false;
                continue;
            }
            rest.add(a);
        }
        return ok;
    }

    private Val opCall(OpDef op, Expr.Call call, Val piped, Chain.LayerName alias, Scope scope) {
        String owner = "`" + op.name() + "`";
        List<Val.EArg> args = args(call.args(), scope);
        List<Val> tensors = new ArrayList<>();
        List<SourceSpan> tensorSpans = new ArrayList<>();
        List<Val.EArg> options = new ArrayList<>();
        boolean ok = takeTensors(owner, op.minInputs(), op.maxInputs(), piped, args, tensors, tensorSpans, options,
                scope, null);
        if (tensors.size() < op.minInputs()) {
            diagnostics.error(call.span(), owner + " needs " + (op.minInputs() == 1 ? "an input"
                    : "at least " + op.minInputs() + " inputs") + ", got " + tensors.size(),
                    op.minInputs() == 1 ? "pipe a value into it: `x -> " + text(call.span()) + "`"
                            : "e.g. `" + op.name() + "(a, b)` or `a -> " + op.name() + "(b)`");
            return Val.Poison.INSTANCE;
        }
        Binder.Bound bound = binder(scope).bind(op.attrs(), options, owner, call.span());
        if (!ok || bound == null || tensors.contains(Val.Poison.INSTANCE)) {
            return Val.Poison.INSTANCE;
        }
        List<Value> inputs = new ArrayList<>();
        for (Val t : tensors) {
            inputs.add(((Val.Tensor) t).value());
        }
        List<TensorType> types = inputs.stream().map(Value::type).toList();
        InferContext ctx = new InferContext(op.name(), bound.attrs(), types, diagnostics, call.span(), bound.spans(),
                tensorSpans);
        TensorType out;
        List<ParamSpec> paramSpecs;
        long flops;
        try {
            out = op.infer(ctx);
            if (out == null) {
                if (!ctx.failed()) {
                    throw new IllegalStateException(op.name() + " returned no type and reported nothing");
                }
                return Val.Poison.INSTANCE;
            }
            if (!ctx.checkOutput(out)) {
                return Val.Poison.INSTANCE;
            }
            paramSpecs = op.params(bound.attrs(), types, out);
            for (ParamSpec p : paramSpecs) {
                if (!ctx.checkParam(p.suffix(), p.type())) {
                    return Val.Poison.INSTANCE;
                }
            }
            flops = op.flops(bound.attrs(), types, out);
            if (flops < 0 || flops > InferContext.MAX_FLOPS - modelFlops) {
                throw new ArithmeticException("FLOPs");
            }
        } catch (ArithmeticException | IllegalArgumentException overflow) {
            // A size past 64 (or, for a dimension, 32) bits in a rule that does not check its own.
            ctx.error(String.format(Locale.ROOT, "the sizes of this `%s` layer overflow: a dimension past %,d, or "
                    + "more than %,d FLOPs per sample in the model (the limits)", op.name(), InferContext.MAX_ELEMENTS,
                    InferContext.MAX_FLOPS), "use smaller sizes or options");
            return Val.Poison.INSTANCE;
        }
        modelFlops += flops;
        String layer = layerName(scope, alias, op.name(), call.calleeSpan());
        List<Param> params = new ArrayList<>();
        for (ParamSpec p : paramSpecs) {
            Component init = p.defaultInit();
            if (p.userInit()) {
                Component own = bound.attrs().component("init");
                init = own != null ? own : modelInit != null ? modelInit : init;
            }
            params.add(new Param(layer + "." + p.suffix(), p.type(), p.kind(), init));
        }
        Value value = new Value(layer, out);
        if (!fits(nodes.size() + 1L, blockUses, call.calleeSpan(), () -> "")) {
            return Val.Poison.INSTANCE;
        }
        nodes.add(new Node(layer, op, bound.attrs(), inputs, value, params, call.calleeSpan()));
        return new Val.Tensor(value);
    }

    /** The layer's full name: the scope's prefix and the `as` name or an automatic one. */
    private String layerName(Scope scope, Chain.LayerName alias, String base, SourceSpan span) {
        String local = alias != null ? alias.text() : scope.autoName(base);
        String full = scope.prefix + local;
        SourceSpan at = alias != null ? alias.span() : span;
        SourceSpan prev = layerNames.putIfAbsent(full, at);
        if (prev != null && alias != null) {
            diagnostics.error(at, "layer name `" + full + "` is already used (" + (prev.line() == at.line()
                            ? "earlier on this line" : "line " + prev.line()) + ")",
                    "layer names become parameter names and must be unique");
        }
        while (prev != null && alias == null) {
            full = scope.prefix + scope.autoName(base);
            prev = layerNames.putIfAbsent(full, at);
        }
        return full;
    }

    private Val blockCall(Namespace.Ref ref, Expr.Call call, Val piped, Chain.LayerName alias, Scope scope) {
        Definition def = ref.def();
        String owner = "`" + def.name() + "`";
        if (piped == Val.Poison.INSTANCE) {
            args(call.args(), scope);
            return Val.Poison.INSTANCE;
        }
        if (expanding.size() >= MAX_BLOCK_DEPTH) {
            if (!exhausted) {
                exhausted = true;
                diagnostics.error(call.calleeSpan(), String.format(java.util.Locale.ROOT, "blocks are used inside "
                        + "blocks more than %d levels deep here (the limit)", MAX_BLOCK_DEPTH),
                        "flatten some of the blocks");
            }
            return Val.Poison.INSTANCE;
        }
        long[] last = lastExpansion.get(def);
        ExpansionBound.Size least = bound.of(ref);
        long layers = Math.max(least.layers(), last == null ? 0 : last[0]);
        long uses = Math.max(least.uses(), last == null ? 0 : last[1]);
        if (!fits(nodes.size() + layers, blockUses + 1L + uses, call.calleeSpan(), () -> String.format(java.util.Locale.ROOT,
                ": one use of %s makes %s layers and %s block uses", owner, atLeast(layers), atLeast(uses)))) {
            return Val.Poison.INSTANCE;
        }
        if (expanding.stream().anyMatch(d -> d == def)) { // by identity: a record's equals compares whole bodies
            StringBuilder path = new StringBuilder();
            for (var it = expanding.descendingIterator(); it.hasNext(); ) {
                path.append(it.next().name()).append(" -> ");
            }
            diagnostics.error(call.calleeSpan(), def.kind().keyword() + " " + owner + " uses itself: " + path
                    + def.name(), "blocks are expanded when used; recursion would never end");
            return Val.Poison.INSTANCE;
        }
        List<Stmt.Input> inputs = new ArrayList<>();
        for (Stmt s : def.body()) {
            if (s instanceof Stmt.Input in) {
                inputs.add(in);
            }
        }
        List<Val.EArg> args = args(call.args(), scope);
        List<Val> tensors = new ArrayList<>();
        List<Val.EArg> rest = new ArrayList<>();
        String inputsHint = inputsHint(def, inputs);
        boolean ok = takeTensors(owner, inputs.size(), inputs.size(), piped, args, tensors, new ArrayList<>(), rest,
                scope, inputsHint);
        if (tensors.size() != inputs.size()) {
            for (Val.EArg a : rest) {
                if (a.name() != null && inputs.stream().anyMatch(in -> in.name().equals(a.name()))) {
                    inputsHint = "`" + a.name() + "` is an input of " + owner + "; inputs are given by position, the "
                            + "first piped in with `->`";
                    break;
                }
            }
            diagnostics.error(call.span(), owner + " takes " + inputs.size() + " input" + (inputs.size() == 1 ? "" : "s")
                    + ", got " + tensors.size(), inputsHint);
            return Val.Poison.INSTANCE;
        }
        // Parameters: positional in order, then by name.
        Map<String, Val> given = new LinkedHashMap<>();
        Map<String, SourceSpan> givenSpans = new HashMap<>();
        int position = 0;
        List<String> paramNames = def.params().stream().map(Definition.Param::name).toList();
        for (Val.EArg a : rest) {
            String pname;
            if (a.name() == null) {
                if (position >= paramNames.size()) {
                    diagnostics.error(a.span(), "too many arguments: " + owner + " takes " + paramNames.size()
                            + " parameter" + (paramNames.size() == 1 ? "" : "s"), signature(def));
                    ok = false;
                    continue;
                }
                pname = paramNames.get(position++);
            } else {
                pname = a.name();
                if (!paramNames.contains(pname)) {
                    boolean isInput = inputs.stream().anyMatch(in -> in.name().equals(pname));
                    diagnostics.error(a.nameSpan(), owner + " has no parameter `" + pname + "`", isInput
                            ? "`" + pname + "` is an input of " + owner + "; inputs are given by position, the first "
                                    + "piped in with `->`"
                            : hintOr(Suggest.didYouMean(pname, paramNames), signature(def)));
                    ok = false;
                    continue;
                }
            }
            if (given.containsKey(pname)) {
                diagnostics.error(a.span(), "parameter `" + pname + "` of " + owner + " is given twice", null);
                ok = false;
                continue;
            }
            if (a.value() instanceof Val.Tensor) {
                diagnostics.error(a.valueSpan(), "parameter `" + pname + "` of " + owner
                        + " takes a number, got a tensor", "tensors are the block's inputs (declared with `input`)");
                ok = false;
                continue;
            }
            if (a.value() instanceof Val.Word w) {
                lookup(w.name(), w.span(), scope, false);
                ok = false;
                continue;
            }
            given.put(pname, a.value());
            givenSpans.put(pname, a.span());
        }
        if (!ok || tensors.contains(Val.Poison.INSTANCE) || given.containsValue(Val.Poison.INSTANCE)) {
            return Val.Poison.INSTANCE;
        }
        String instance = layerName(scope, alias, snake(def.name()), call.calleeSpan());
        Scope inner = new Scope(def, ref.home(), instance + ".");
        for (Definition.Param p : def.params()) {
            Val v = given.get(p.name());
            if (v == null) {
                if (p.defaultValue() == null) {
                    diagnostics.error(call.span(), owner + " needs argument `" + p.name() + "`", signature(def));
                    return Val.Poison.INSTANCE;
                }
                v = eval(p.defaultValue(), inner);
            }
            inner.names.put(p.name(), new Binding(v, p.span(), "parameter"));
        }
        long declared = def.body().stream().filter(s -> s instanceof Stmt.Output).count();
        if (declared == 0 && ModuleLoader.hasNestedOutput(def.body())) {
            return Val.Poison.INSTANCE; // reported where the definition was loaded
        }
        if (declared == 0) {
            diagnostics.error(def.nameSpan(), def.kind().keyword() + " " + owner + " has no `output`",
                    "end it with e.g. `output y`");
            return Val.Poison.INSTANCE;
        }
        if (declared > 1) {
            diagnostics.error(call.calleeSpan(), owner + " has " + declared
                    + " outputs; only a single-output block can be used as a layer",
                    "a layer has one result: split `" + def.name() + "` into one block per output, or combine "
                            + "its outputs with add(...) or concat(...)");
            return Val.Poison.INSTANCE;
        }
        if (!fits(nodes.size(), blockUses + 1L, call.calleeSpan(), () -> "")) {
            return Val.Poison.INSTANCE;
        }
        diagnostics.enter("in " + def.kind().keyword() + " `" + def.name() + "` (layer " + instance + ") used at "
                + call.calleeSpan());
        blockUses++;
        int layersAtStart = nodes.size();
        int usesAtStart = blockUses;
        expanding.push(def);
        expanded.add(def);
        try {
            for (int i = 0; i < inputs.size(); i++) {
                Stmt.Input in = inputs.get(i);
                Value actual = ((Val.Tensor) tensors.get(i)).value();
                if (in.type() != null) {
                    TensorType want = tensorType(in.type(), inner);
                    if (want != null && !want.shape().equals(actual.shape())) {
                        diagnostics.error(in.type().span(), "input `" + in.name() + "` of " + owner + " expects "
                                + want.shape() + ", got " + actual.shape(), null);
                        return Val.Poison.INSTANCE;
                    }
                }
                Binding prev = inner.names.get(in.name());
                if (prev != null && prev.kind.equals("input")) {
                    continue; // an input named twice: reported when the file was loaded
                }
                inner.names.put(in.name(), new Binding(new Val.Tensor(actual), in.nameSpan(), "input"));
            }
            Map<String, Value> outs = body(inner, def.body());
            checkUnused(inner);
            if (outs.size() != 1) {
                return Val.Poison.INSTANCE;
            }
            return new Val.Tensor(outs.values().iterator().next());
        } finally {
            lastExpansion.put(def, new long[] {nodes.size() - layersAtStart, blockUses - usesAtStart});
            expanding.pop();
            diagnostics.leave();
        }
    }

    /** "inputs of `Merge`: a, b (the value piped in with `->` is `a`), then its parameters: c". */
    private static String inputsHint(Definition def, List<Stmt.Input> inputs) {
        if (inputs.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder("inputs of `").append(def.name()).append("`: ");
        b.append(String.join(", ", inputs.stream().map(Stmt.Input::name).toList()));
        b.append(" (the value piped in with `->` is `").append(inputs.get(0).name()).append("`)");
        if (!def.params().isEmpty()) {
            b.append(", then its parameters: ").append(String.join(", ",
                    def.params().stream().map(Definition.Param::name).toList()));
        }
        return b.toString();
    }

    /** The source text of a span (on its line), for hints that repeat what the user wrote. */
    private static String text(SourceSpan span) {
        String line = span.file().line(span.line());
        int from = Math.min(line.length(), span.column() - 1);
        return line.substring(from, Math.min(line.length(), from + span.length()));
    }

    private static String signature(Definition def) {
        StringBuilder b = new StringBuilder("usage: ").append(def.name()).append('(');
        for (int i = 0; i < def.params().size(); i++) {
            Definition.Param p = def.params().get(i);
            b.append(i > 0 ? ", " : "").append(p.name());
            if (p.defaultValue() != null) {
                b.append(" = ...");
            }
        }
        return b.append(')').toString();
    }

    /** {@code BasicBlock} → {@code basic_block}. */
    static String snake(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))) {
                b.append('_');
            }
            b.append(Character.toLowerCase(c));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- expressions

    private Binder binder(Scope scope) {
        return new Binder(diagnostics, word -> Suggest.didYouMean(word, scope.names.keySet()));
    }

    /** Evaluates in a body: calls of ops and blocks make layers. */
    private Val eval(Expr e, Scope scope) {
        return eval(e, scope, true);
    }

    /** Evaluates in the train section: calls name components; values of the body are not visible. */
    private Val evalConfig(Expr e, Scope scope) {
        return eval(e, scope, false);
    }

    private Val eval(Expr e, Scope scope, boolean graph) {
        if (!enter(e.span())) {
            return Val.Poison.INSTANCE;
        }
        try {
            return evalAt(e, scope, graph);
        } finally {
            evalDepth--;
        }
    }

    private Val evalAt(Expr e, Scope scope, boolean graph) {
        if (e instanceof Expr.IntLit i) {
            if (i.value() == Long.MAX_VALUE) {
                diagnostics.error(i.span(), "integer literal is too large", null);
                return Val.Poison.INSTANCE;
            }
            return new Val.Int(i.value());
        }
        if (e instanceof Expr.FloatLit f) {
            return new Val.Num(f.value());
        }
        if (e instanceof Expr.StringLit s) {
            return new Val.Str(s.value());
        }
        if (e instanceof Expr.BoolLit b) {
            return new Val.Bool(b.value());
        }
        if (e instanceof Expr.Name n) {
            Binding b = scope.names.get(n.id());
            if (b != null && (graph || b.kind.equals("parameter"))) {
                b.used = true;
                return b.val;
            }
            if (scope.cyclic.contains(n.id())) {
                return Val.Poison.INSTANCE;
            }
            return new Val.Word(n.id(), n.span());
        }
        if (e instanceof Expr.Call c) {
            if (Builtins.isBuiltin(c.callee())) {
                List<Val.EArg> args = args(c.args(), scope);
                for (Val.EArg a : args) {
                    if (a.value() instanceof Val.Word w) { // built-ins take numbers and tensors, never words
                        lookup(w.name(), w.span(), scope, false);
                        return Val.Poison.INSTANCE;
                    }
                }
                return Builtins.call(c.callee(), args, c.span(), diagnostics);
            }
            if (graph && (ops.lookup(c.callee()) != null || scope.ns.lookup(c.callee()) != null)) {
                return call(c, null, null, 0, scope);
            }
            List<Val.EArg> args = new ArrayList<>();
            for (Expr.Arg a : c.args()) {
                args.add(new Val.EArg(a.name(), a.nameSpan(), eval(a.value(), scope, graph), a.value().span()));
            }
            return new Val.CallV(c.callee(), c.calleeSpan(), args);
        }
        if (e instanceof Expr.Unary u) {
            Val v = eval(u.operand(), scope, graph);
            if (v == Val.Poison.INSTANCE) {
                return v;
            }
            if (u.op().equals("not")) {
                if (v instanceof Val.Bool b) {
                    return new Val.Bool(!b.v());
                }
                diagnostics.error(u.span(), "`not` needs true or false, got " + v.describe(), null);
                return Val.Poison.INSTANCE;
            }
            if (v instanceof Val.Int i) {
                if (i.v() == Long.MIN_VALUE) {
                    diagnostics.error(u.span(), "integer overflow in `-`", null);
                    return Val.Poison.INSTANCE;
                }
                return new Val.Int(-i.v());
            }
            if (v instanceof Val.Num n) {
                return new Val.Num(-n.v());
            }
            diagnostics.error(u.span(), "cannot negate " + v.describe(), null);
            return Val.Poison.INSTANCE;
        }
        if (e instanceof Expr.Binary b) {
            Val l = eval(b.left(), scope, graph);
            Val r = eval(b.right(), scope, graph);
            for (Val side : List.of(l, r)) {
                if (side instanceof Val.Word w) {
                    lookup(w.name(), w.span(), scope, false);
                    return Val.Poison.INSTANCE;
                }
            }
            try {
                return Arith.binary(b.op(), l, r, b.span(), b.right().span(), diagnostics);
            } catch (ArithmeticException overflow) {
                diagnostics.error(b.span(), "integer overflow in `" + b.op() + "`", null);
                return Val.Poison.INSTANCE;
            }
        }
        if (e instanceof Expr.ChainExpr c) {
            if (!graph) {
                diagnostics.error(c.span(), "a chain of layers cannot appear here", "chains belong in a model or block body");
                return Val.Poison.INSTANCE;
            }
            return chain(c.chain(), scope);
        }
        if (e instanceof Expr.Tuple t) {
            return seq(t.items(), scope, graph);
        }
        if (e instanceof Expr.ListLit l) {
            return seq(l.items(), scope, graph);
        }
        throw new IllegalStateException("unhandled expression " + e.getClass().getSimpleName());
    }

    private Val seq(List<Expr> items, Scope scope, boolean graph) {
        List<Val> out = new ArrayList<>();
        for (Expr x : items) {
            Val v = eval(x, scope, graph);
            if (v == Val.Poison.INSTANCE) {
                return v;
            }
            out.add(v);
        }
        return new Val.Seq(out);
    }

    private static String hintOr(String hint, String fallback) {
        return hint != null ? hint : fallback;
    }
}
