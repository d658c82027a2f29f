package dev.cnnc.compiler.frontend;

import dev.cnnc.compiler.ast.CompilationUnit;
import dev.cnnc.compiler.ast.Definition;
import dev.cnnc.compiler.ast.Stmt;
import dev.cnnc.compiler.diag.Diagnostics;
import dev.cnnc.compiler.diag.SourceSpan;
import dev.cnnc.compiler.ops.OpRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a file and everything it imports, once each, and gives each file its namespace.
 * {@code import a.b} looks for {@code a/b.cnn} beside the importing file, then in each library;
 * {@code import "x.cnn"} only beside the importing file.
 */
final class ModuleLoader {
    private final List<Library> libraries;
    private final Diagnostics diagnostics;
    private final Map<String, Loaded> loaded = new HashMap<>();
    private final Set<String> inProgress = new LinkedHashSet<>();
    /** The file name shown for each key, for messages about import cycles. */
    private final Map<String, String> shown = new HashMap<>();

    record Loaded(CompilationUnit unit, Namespace namespace) {
    }

    ModuleLoader(List<Library> libraries, Diagnostics diagnostics) {
        this.libraries = List.copyOf(libraries);
        this.diagnostics = diagnostics;
    }

    /** Loads a root file; null when it did not parse. */
    Loaded load(Library.Located root) {
        Loaded result = loaded.get(root.key());
        if (result != null) {
            return result;
        }
        CompilationUnit unit = SourceParser.parse(root.file(), diagnostics);
        if (unit == null) {
            return null;
        }
        inProgress.add(root.key());
        shown.put(root.key(), root.file().displayName());
        Namespace ns = new Namespace();
        Map<String, SourceSpan> own = new HashMap<>();
        for (Definition d : unit.definitions()) {
            if (OpRegistry.standard().lookup(d.name()) != null || Builtins.isBuiltin(d.name())) {
                diagnostics.error(d.nameSpan(), d.kind().keyword() + " name `" + d.name()
                        + "` is already an operation of the language", "choose another name, e.g. `"
                        + Character.toUpperCase(d.name().charAt(0)) + d.name().substring(1) + "Block`");
                continue;
            }
            SourceSpan earlier = own.putIfAbsent(d.name(), d.nameSpan());
            if (earlier != null) {
                diagnostics.error(d.nameSpan(), "`" + d.name() + "` is defined twice (first at line " + earlier.line()
                        + ")", "rename one of them");
                continue;
            }
            ns.put(d.name(), new Namespace.Ref(d, ns));
            checkParams(d);
        }
        for (CompilationUnit.Import imp : unit.imports()) {
            Library.Located target = resolve(root, imp);
            if (target == null) {
                continue;
            }
            if (target.key().equals(root.key())) {
                diagnostics.error(imp.span(), "a file cannot import itself", "remove this import");
                continue;
            }
            if (inProgress.contains(target.key())) {
                List<String> loop = new ArrayList<>();
                boolean in = false;
                for (String key : inProgress) {
                    in |= key.equals(target.key());
                    if (in) {
                        loop.add(shown.getOrDefault(key, key));
                    }
                }
                loop.add(shown.getOrDefault(target.key(), target.key()));
                diagnostics.error(imp.span(), "import cycle: " + String.join(" -> ", loop),
                        "move the shared blocks into a third file that both import");
                continue;
            }
            Loaded dep = load(target);
            if (dep == null) {
                continue;
            }
            for (Definition d : dep.unit().definitions()) {
                Namespace.Ref ref = dep.namespace().lookup(d.name());
                if (ref == null || ref.def() != d) {
                    continue;
                }
                Namespace.Ref clash = ns.put(d.name(), ref);
                if (clash != null && clash.def() != d) {
                    String where = own.containsKey(d.name()) ? "this file" : "another import";
                    diagnostics.error(imp.span(), "`" + d.name() + "` from `" + imp.target()
                            + "` clashes with the `" + d.name() + "` of " + where, "rename one of them");
                }
            }
        }
        inProgress.remove(root.key());
        result = new Loaded(unit, ns);
        loaded.put(root.key(), result);
        return result;
    }

    /** True when an `if` in {@code body} (at any depth) contains an `output`. */
    static boolean hasNestedOutput(List<Stmt> body) {
        for (Stmt s : body) {
            if (s instanceof Stmt.If i) {
                for (List<Stmt> branch : List.of(i.then(), i.otherwise())) {
                    if (branch.stream().anyMatch(b -> b instanceof Stmt.Output) || hasNestedOutput(branch)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Reports each `output` inside an `if`: outputs are fixed, only values may depend on conditions. */
    private void checkNestedOutputs(List<Stmt> body, boolean nested) {
        for (Stmt s : body) {
            if (nested && s instanceof Stmt.Output o) {
                diagnostics.error(o.nameSpan(), "`output` cannot appear inside `if`",
                        "define a value in each branch (`" + o.name() + " = ...`), then write `output " + o.name()
                                + "` after the `if`");
            } else if (s instanceof Stmt.If i) {
                checkNestedOutputs(i.then(), true);
                checkNestedOutputs(i.otherwise(), true);
            }
        }
    }

    private void checkParams(Definition d) {
        checkNestedOutputs(d.body(), false);
        Set<String> seen = new HashSet<>();
        boolean defaults = false;
        for (Definition.Param p : d.params()) {
            if (!seen.add(p.name())) {
                diagnostics.error(p.span(), "parameter `" + p.name() + "` is declared twice", null);
            }
            if (p.defaultValue() != null) {
                defaults = true;
            } else if (defaults) {
                diagnostics.error(p.span(), "parameter `" + p.name() + "` needs a default value, as the ones before it "
                        + "have", "put parameters without defaults first");
            }
        }
        Map<String, SourceSpan> inputs = new HashMap<>();
        for (Stmt s : d.body()) {
            if (s instanceof Stmt.Input in) {
                if (seen.contains(in.name())) {
                    diagnostics.error(in.nameSpan(), "`" + in.name() + "` is both a parameter and an input of `"
                            + d.name() + "`", "give the input another name");
                    continue;
                }
                SourceSpan first = inputs.putIfAbsent(in.name(), in.nameSpan());
                if (first != null) {
                    diagnostics.error(in.nameSpan(), "input `" + in.name() + "` is declared twice (first at line "
                            + first.line() + ")", "give each input its own name");
                }
            }
        }
    }

    private Library.Located resolve(Library.Located from, CompilationUnit.Import imp) {
        String rel = imp.relativePath();
        if (!rel.endsWith(".cnn")) {
            // only .cnn text is read: any other file's contents would be echoed in its parse errors
            diagnostics.error(imp.span(), "an import names a `.cnn` file, got `" + imp.target() + "`",
                    "import \"path/to/file.cnn\" (relative to this file) or import blocks.name (a library)");
            return null;
        }
        List<String> looked = new ArrayList<>();
        if (from.folder() != null) {
            Library.Located here = Library.folder(from.folder()).find(rel);
            if (here != null) {
                return here;
            }
            looked.add(Library.display(from.folder().resolve(rel).normalize()));
        } else if (from.library() != null) {
            Library.Located here = from.library().find(siblingPath(from, rel));
            if (here != null) {
                return here;
            }
        }
        if (imp.dotted()) {
            for (Library lib : libraries) {
                Library.Located found = lib.find(rel);
                if (found != null) {
                    return found;
                }
                looked.add(lib.describe(rel));
            }
        }
        diagnostics.error(imp.span(), "cannot find import `" + imp.target() + "`",
                "looked in: " + String.join(", ", looked));
        return null;
    }

    /** For a file on the class path, {@code rel} relative to its folder there. */
    private static String siblingPath(Library.Located from, String rel) {
        String key = from.key();
        int slash = key.lastIndexOf('/');
        String stdPrefix = "classpath:cnnc/stdlib/";
        String dir = key.startsWith(stdPrefix) && slash >= stdPrefix.length() ? key.substring(stdPrefix.length(),
                slash + 1) : "";
        return dir + rel;
    }
}
