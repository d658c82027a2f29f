package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.Compilation;
import dev.cnnc.compiler.ast.Definition;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceFile;
import dev.cnnc.compiler.ir.Graph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Parse, resolve imports and elaborate every model of one file. */
public final class Frontend {
    private Frontend() {
    }

    /**
     * Checks {@code file} (its text already read); {@code folder} is where its relative imports
     * are looked for, or null.
     */
    public static Compilation check(SourceFile file, Path folder, List<Library> libraries) {
        return onLargeStack(() -> checkHere(file, folder, libraries));
    }

    /**
     * The stack the front end runs on. Its recursion is bounded (SourceParser.MAX_NESTING per file,
     * Elaborator's depth limits through blocks), and those bounds are chosen to fit in this stack
     * with a wide margin, whatever thread (with whatever -Xss) called.
     */
    static final long STACK_BYTES = 256L << 20;

    private static <T> T onLargeStack(java.util.function.Supplier<T> work) {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = work.get();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "cnnc-frontend", STACK_BYTES);
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            t.interrupt();
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("the check was interrupted");
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }

    private static Compilation checkHere(SourceFile file, Path folder, List<Library> libraries) {
        Diagnostics diagnostics = new Diagnostics();
        ModuleLoader loader = new ModuleLoader(libraries, diagnostics);
        String key = folder == null ? "source:" + file.displayName()
                : folder.resolve(Path.of(file.displayName()).getFileName().toString()).toAbsolutePath().normalize()
                .toString();
        ModuleLoader.Loaded root = loader.load(new Library.Located(file, folder, null, key));
        List<Graph> models = new ArrayList<>();
        List<String> blocks = new ArrayList<>();
        if (root != null) {
            Set<Definition> expanded = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Definition d : root.unit().definitions()) {
                if (d.kind() == Definition.Kind.BLOCK) {
                    blocks.add(d.name());
                    continue;
                }
                Namespace.Ref ref = root.namespace().lookup(d.name());
                if (ref == null || ref.def() != d) {
                    continue; // a duplicate or invalid name, already reported
                }
                Graph g = new Elaborator(diagnostics, expanded).model(d, root.namespace());
                if (g != null) {
                    models.add(g);
                }
            }
            // Blocks that no model expanded are still checked for what needs no shapes.
            for (Definition d : root.unit().definitions()) {
                Namespace.Ref ref = root.namespace().lookup(d.name());
                if (d.kind() == Definition.Kind.BLOCK && ref != null && ref.def() == d) {
                    new Elaborator(diagnostics, expanded).lintBlock(d, root.namespace());
                }
            }
        }
        if (diagnostics.hasErrors()) {
            models.clear();
        }
        return new Compilation(file.displayName(), models, blocks, diagnostics);
    }
}
