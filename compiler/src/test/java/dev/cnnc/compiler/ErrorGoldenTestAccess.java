package dev.cnnc.compiler;

import java.nio.file.Path;

/** Lets tests in other packages find the folder of golden error cases. */
public final class ErrorGoldenTestAccess {
    private ErrorGoldenTestAccess() {
    }

    public static Path folder() {
        return ErrorGoldenTest.FOLDER;
    }
}
