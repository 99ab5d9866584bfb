package dev.parley.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Why a test did not run is said on the console, one line per test: disabled, or an assumption that failed. */
class SkipReasonsTest {
    @Test
    void aDisabledTestAndAFailedAssumptionAreReportedWithTheirReasons() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // without the listeners found on the class path, so that this probe's skips are not on the console
        LauncherConfig quiet = LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build();
        LauncherFactory.create(quiet).execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Probe.class))
                .build(), new SkipReasons(new PrintStream(out, true, StandardCharsets.UTF_8)));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().sorted().toList();
        assertEquals(List.of("[SKIPPED] SkipReasonsTest$Probe.assumed: Assumption failed: no lab here (needs root)",
                "[SKIPPED] SkipReasonsTest$Probe.disabled: not on this kernel"), lines);
    }

    /** Run only through the launcher above (Surefire skips nested classes). */
    static class Probe {
        @Test
        @Disabled("not on this kernel")
        void disabled() { }

        @Test
        void assumed() {
            assumeTrue(false, "no lab here (needs root)");
        }

        @Test
        void runs() { }
    }
}
