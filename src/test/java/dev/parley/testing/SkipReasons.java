package dev.parley.testing;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Prints on the console why a test did not run, as the README promises: a disabled test's reason, and
 * the message of an assumption that failed (the namespace labs, tmux, Python's cryptography). Surefire
 * itself shows only a count, and keeps the reasons in its XML reports. Registered for the JUnit
 * platform in {@code META-INF/services}; writes to the process's own standard error, past the capture
 * of test output into files, one line per test or class skipped.
 */
public final class SkipReasons implements TestExecutionListener {
    private final PrintStream console;

    /** As the JUnit platform loads it: the process's own standard error. */
    public SkipReasons() {
        this(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    }

    SkipReasons(PrintStream console) {
        this.console = console;
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        report(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            report(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private void report(TestIdentifier test, String reason) {
        console.println("[SKIPPED] " + name(test) + ": " + (reason == null ? "no reason given" : reason.strip()));
    }

    private static String name(TestIdentifier test) {
        return test.getSource().map(s -> {
            if (s instanceof MethodSource m) {
                return simple(m.getClassName()) + "." + m.getMethodName();
            }
            if (s instanceof ClassSource c) {
                return simple(c.getClassName());
            }
            return test.getDisplayName();
        }).orElse(test.getDisplayName());
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
