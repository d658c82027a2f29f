package dev.cnnc.compiler.artifact;

import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.io.AtomicFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated Java in memory (the JDK's compiler) and packs a runnable jar: the
 * generated classes and resources, then the runtime it needs (runtime-opencl, runtime-train,
 * JOCL with its native libraries, picocli, JFreeChart for {@code metrics.png}), copied from
 * wherever those classes were loaded (a folder in a build, cnnc's own jar when installed).
 * Compiler classes are never packed. Entries are sorted and dated 2000-01-01, so the same inputs give the same bytes.
 */
public final class JarBuilder {
    /** Packages and resources the runtime consists of, as jar paths. */
    static final List<String> RUNTIME = List.of("dev/cnnc/runtime/", "dev/cnnc/train/", "org/jocl/", "lib/libJOCL_",
            "lib/JOCL_", "picocli/", "org/jfree/");

    private static final LocalDateTime EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);

    private JarBuilder() {
    }

    /**
     * Classes compiled from {@code sources} (qualified class name → Java source), as jar paths
     * ({@code a/b/C.class}) → bytes.
     *
     * @throws IllegalStateException when no Java compiler is available, or the generated code
     *     does not compile (a cnnc bug: the message has javac's diagnostics)
     */
    public static Map<String, byte[]> compile(Map<String, String> sources) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this Java runtime (" + System.getProperty("java.home")
                    + "): `cnnc compile` needs a JDK (Debian: apt-get install openjdk-17-jdk-headless)");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        try (StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, null,
                java.nio.charset.StandardCharsets.UTF_8)) {
            JavaFileManager files = new ForwardingJavaFileManager<>(std) {
                @Override
                public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                           FileObject sibling) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    out.put(className.replace('.', '/') + kind.extension, bytes);
                    return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                            kind) {
                        @Override
                        public OutputStream openOutputStream() {
                            return bytes;
                        }
                    };
                }
            };
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///"
                    + name.replace('.', '/') + JavaFileObject.Kind.SOURCE.extension), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return text;
                }
            }));
            List<String> options = List.of("--release", "17", "-g", "-proc:none", "-encoding", "UTF-8",
                    "-classpath", classPath());
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                StringBuilder b = new StringBuilder("the generated Java does not compile (a bug in cnnc):");
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    b.append('\n').append(d);
                }
                throw new IllegalStateException(b.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return classes;
    }

    /** Where the runtime's classes were loaded from: folders or jars. */
    static List<Path> runtimeLocations() {
        Set<Path> paths = new LinkedHashSet<>();
        for (Class<?> c : new Class<?>[] {Program.class, ModelBinding.class, org.jocl.CL.class,
                picocli.CommandLine.class, org.jfree.chart.JFreeChart.class}) {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            if (cs == null || cs.getLocation() == null) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from");
            }
            try {
                paths.add(Path.of(cs.getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(paths);
    }

    private static String classPath() {
        return String.join(java.io.File.pathSeparator, runtimeLocations().stream().map(Path::toString).toList());
    }

    /** The runtime's entries (jar path → bytes), sorted. */
    static Map<String, byte[]> runtimeEntries() {
        Map<String, byte[]> entries = new TreeMap<>();
        for (Path loc : runtimeLocations()) {
            try {
                if (Files.isDirectory(loc)) {
                    try (Stream<Path> walk = Files.walk(loc)) {
                        for (Path f : walk.filter(Files::isRegularFile).toList()) {
                            String name = loc.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                            if (isRuntime(name)) {
                                entries.putIfAbsent(name, Files.readAllBytes(f));
                            }
                        }
                    }
                } else {
                    try (JarFile jar = new JarFile(loc.toFile())) {
                        Enumeration<java.util.jar.JarEntry> e = jar.entries();
                        while (e.hasMoreElements()) {
                            java.util.jar.JarEntry je = e.nextElement();
                            if (!je.isDirectory() && isRuntime(je.getName()) && !entries.containsKey(je.getName())) {
                                try (InputStream in = jar.getInputStream(je)) {
                                    entries.put(je.getName(), in.readAllBytes());
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the runtime from " + loc + ": " + e.getMessage(), e);
            }
        }
        for (String required : List.of("dev/cnnc/runtime/opencl/Program.class", "dev/cnnc/train/app/ModelApp.class",
                "org/jocl/CL.class", "picocli/CommandLine.class", "org/jfree/chart/JFreeChart.class")) {
            if (!entries.containsKey(required)) {
                throw new IllegalStateException("the runtime to pack lacks " + required + " (looked in "
                        + runtimeLocations() + ")");
            }
        }
        return entries;
    }

    private static boolean isRuntime(String name) {
        for (String prefix : RUNTIME) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the jar atomically: a manifest naming {@code mainClass}, the {@code generated}
     * entries (classes and resources) and the runtime.
     */
    public static void write(Path jar, String mainClass, Map<String, byte[]> generated) {
        Map<String, byte[]> all = new TreeMap<>(runtimeEntries());
        for (Map.Entry<String, byte[]> e : generated.entrySet()) {
            if (all.put(e.getKey(), e.getValue()) != null) {
                throw new IllegalStateException("generated entry " + e.getKey() + " clashes with the runtime");
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        manifest.getMainAttributes().put(new Attributes.Name("Created-By"), "cnnc");
        AtomicFile.write(jar, channel -> {
            OutputStream raw = Channels.newOutputStream(channel);
            JarOutputStream out = new JarOutputStream(raw);
            ZipEntry m = new ZipEntry(JarFile.MANIFEST_NAME);
            m.setTimeLocal(EPOCH);
            out.putNextEntry(m);
            manifest.write(out);
            out.closeEntry();
            for (Map.Entry<String, byte[]> e : all.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setTimeLocal(EPOCH);
                out.putNextEntry(z);
                out.write(e.getValue());
                out.closeEntry();
            }
            out.finish();
            out.flush();
        });
    }
}
