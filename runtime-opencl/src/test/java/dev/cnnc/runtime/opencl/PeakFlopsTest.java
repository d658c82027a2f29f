package dev.cnnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The peak measurement builds and runs in both precisions and gives a plausible, finite rate. */
@Tag("device") // needs an OpenCL device: `mvn verify -DexcludedGroups=device` leaves it out
class PeakFlopsTest {
    @Test
    void measuresAPositiveFiniteRateInBothPrecisions() {
        try (ClDevice d = TestDevices.open()) {
            double fp32 = PeakFlops.measure(d, false);
            assertTrue(fp32 > 0.1 && Double.isFinite(fp32), "fp32 " + fp32);
            if (d.info().fp64()) {
                double fp64 = PeakFlops.measure(d, true);
                assertTrue(fp64 > 0.05 && Double.isFinite(fp64), "fp64 " + fp64);
            }
        }
    }

    @Test
    void sourceHasIndependentChainsOfFusedMultiplyAdds() {
        String s = PeakFlops.source("float");
        assertTrue(s.contains("x7 = fma(x7, m, d);"), s);
        assertTrue(s.contains("float16 m"), s);
        assertTrue(PeakFlops.source("double").startsWith("#pragma OPENCL EXTENSION cl_khr_fp64 : enable"));
    }
}
