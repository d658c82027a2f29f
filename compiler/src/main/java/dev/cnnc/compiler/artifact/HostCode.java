package dev.cnnc.compiler.artifact;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.cnnc.runtime.opencl.Devices;
import dev.cnnc.runtime.opencl.Program;
import dev.cnnc.train.ModelBinding;
import dev.cnnc.train.ModelSession;
import dev.cnnc.train.Recipe;
import dev.cnnc.train.app.ModelApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Generates, with JavaPoet, the host class of a compiled model: its program (buffers and the
 * kernel launches of every phase, as Java), its binding and training recipe as literals, a
 * typed API ({@code open}, {@code forward}, {@code trainStep}, {@code save}, {@code load}) and a
 * {@code main} that serves {@code info}, {@code train}, {@code eval}, {@code predict} and
 * {@code run}. The class depends on runtime-opencl and runtime-train only.
 *
 * <p>Everything from the {@code .cnn} file reaches the source as a JavaPoet string literal
 * ({@code $S}, escaped), a number, or an identifier made by {@link JavaNames}; comments carry
 * only text passed through {@link JavaNames#comment}. The output depends only on the inputs,
 * so the same model gives the same bytes.
 */
public final class HostCode {
    /** Statements per generated method: far below the JVM's 64 KiB of bytecode per method. */
    static final int CHUNK = 100;
    /** Helper methods of {@link #CHUNK} statements per class file, when they do not all fit the model's class. */
    static final int CHUNKS_PER_CLASS = 10;
    /** Characters of source per helper method, at most (one statement longer than this gets a method of its own). */
    static final int CHUNK_CHARS = 12_000;

    /**
     * The generated class's fields. A model named like one of them gets another class name
     * ({@link JavaNames#className}): a field hides a class of its name in the class's own code.
     */
    static final java.util.Set<String> FIELD_NAMES = java.util.Set.of("NAME", "BATCH", "CLASSES", "SAMPLE_LENGTH",
            "FP64", "KERNELS", "INFO", "session");

    private static final ClassName PROGRAM = ClassName.get(Program.class);
    private static final ClassName BUFFER = ClassName.get(Program.Buffer.class);
    private static final ClassName LAUNCH = ClassName.get(Program.Launch.class);
    private static final ClassName BUFFER_REF = ClassName.get(Program.BufferRef.class);
    private static final ClassName VARIABLE = ClassName.get(Program.Variable.class);
    private static final ClassName VARIABLE_TYPE = ClassName.get(Program.Variable.Type.class);
    private static final ClassName BINDING = ClassName.get(ModelBinding.class);
    private static final ClassName PARAM = ClassName.get(ModelBinding.ParamBinding.class);
    private static final ClassName STATE = ClassName.get(ModelBinding.StateBinding.class);
    private static final ClassName RECIPE = ClassName.get(Recipe.class);
    private static final ClassName STEP = ClassName.get(Recipe.Step.class);
    private static final ClassName SESSION = ClassName.get(ModelSession.class);
    private static final ClassName APP = ClassName.get(ModelApp.class);
    private static final ClassName ARTIFACT = ClassName.get(ModelApp.Artifact.class);

    /**
     * The name, next to the generated class in the jar, of the weights that {@code cnnc compile
     * --weights} puts there; {@code eval}, {@code predict} and {@code run} use them when given no
     * {@code --weights}.
     */
    public static String weightsResource(String simpleName) {
        return simpleName + ".weights.safetensors";
    }
    private static final ClassName LIST = ClassName.get(List.class);
    private static final ClassName MAP = ClassName.get(Map.class);

    private HostCode() {
    }

    /**
     * What the class is generated from.
     *
     * @param packageName   the generated class's package (validated by {@link JavaNames#packageName})
     * @param className     a Java identifier (from {@link JavaNames#className})
     * @param source        the {@code .cnn} file's name, for the documentation comment
     * @param kernels       resource name of the OpenCL source, next to the class
     * @param info          resource name of the text {@code info} prints
     */
    public record Spec(String packageName, String className, String source, ModelBinding binding, Recipe recipe,
                       String kernels, String info) {
    }

    /** The generated compilation unit. */
    public static JavaFile generate(Spec spec) {
        ModelBinding m = spec.binding();
        Program p = m.program();
        ClassName self = ClassName.get(spec.packageName(), spec.className());
        TypeSpec.Builder t = TypeSpec.classBuilder(self).addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addSuperinterface(AutoCloseable.class)
                .addJavadoc("$L", javadoc(spec));

        t.addField(constant(String.class, "NAME", CodeBlock.of("$S", m.name()), "The model's name in its .cnn file."));
        t.addField(constant(int.class, "BATCH", CodeBlock.of("$L", m.batch()),
                "Samples per run of the program: its shapes are baked into the kernels."));
        t.addField(constant(int.class, "CLASSES", CodeBlock.of("$L", m.classes()), "Length of the logits vector."));
        t.addField(constant(int.class, "SAMPLE_LENGTH", CodeBlock.of("$L", m.sampleLength()),
                "Values in one input sample, " + Arrays.toString(m.inputShape()) + "."));
        t.addField(constant(boolean.class, "FP64", CodeBlock.of("$L", m.fp64()),
                "Whether the kernels compute in double precision."));
        t.addField(FieldSpec.builder(String.class, "KERNELS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$S", spec.kernels()).addJavadoc("The OpenCL source, a resource next to this class.\n")
                .build());
        t.addField(FieldSpec.builder(String.class, "INFO", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$S", spec.info()).addJavadoc("What {@code info} prints, a resource next to this class.\n")
                .build());
        t.addField(FieldSpec.builder(SESSION, "session", Modifier.PRIVATE, Modifier.FINAL).build());
        for (FieldSpec f : t.build().fieldSpecs) {
            if (!FIELD_NAMES.contains(f.name)) { // a class named like a field would not compile
                throw new IllegalStateException("HostCode.FIELD_NAMES lacks the field " + f.name);
            }
        }

        // The typed API.
        t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).addParameter(SESSION, "session")
                .addStatement("this.session = session").build());
        t.addMethod(MethodSpec.methodBuilder("open").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
                .addJavadoc("Opens the model on the default device (the first GPU, else the first CPU) with fresh\n"
                        + "weights seeded by the recipe's seed.\n")
                .addStatement("return open(null)").build());
        t.addMethod(MethodSpec.methodBuilder("open").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(self)
                .addParameter(String.class, "device")
                .addJavadoc("Opens the model on {@code device} (an index, {@code cpu}, {@code gpu} or part of a device\n"
                        + "name; null for the default) with fresh weights seeded by the recipe's seed.\n")
                .addStatement("$T session = $T.open(binding(), recipe(), $T.select(device))", SESSION, SESSION,
                        Devices.class)
                .beginControlFlow("try")
                .addStatement("session.initialize(recipe().seed())")
                .addStatement("return new $T(session)", self)
                .nextControlFlow("catch ($T e)", RuntimeException.class)
                .addStatement("session.close()")
                .addStatement("throw e")
                .endControlFlow().build());
        t.addMethod(MethodSpec.methodBuilder("forward").addModifiers(Modifier.PUBLIC).returns(float[].class)
                .addParameter(float[].class, "images")
                .addJavadoc("Inference (running statistics, no dropout) on any number of NCHW samples of\n"
                        + "{@link #SAMPLE_LENGTH} values each, raw (pixel values in [0, 1]): the model's mean/std is\n"
                        + "applied first, as train, eval, predict and run do. Returns their logits, [n, {@link #CLASSES}].\n")
                .addStatement("return session.forward(session.normalized(images))").build());
        t.addMethod(MethodSpec.methodBuilder("forwardNormalized").addModifiers(Modifier.PUBLIC).returns(float[].class)
                .addParameter(float[].class, "inputs")
                .addJavadoc("As {@link #forward}, on inputs already normalised (what PyTorch's {@code module(x)} takes).\n")
                .addStatement("return session.forward(inputs)").build());
        t.addMethod(MethodSpec.methodBuilder("trainStep").addModifiers(Modifier.PUBLIC).returns(float.class)
                .addParameter(float[].class, "images").addParameter(int[].class, "labels")
                .addJavadoc("One optimizer step of the recipe's optimizer on exactly {@link #BATCH} raw samples\n"
                        + "(normalised first, as {@link #forward} does); returns the batch's mean loss before the update.\n")
                .addStatement("return (float) session.trainStep(session.normalized(images), labels)").build());
        t.addMethod(MethodSpec.methodBuilder("save").addModifiers(Modifier.PUBLIC).addParameter(Path.class, "file")
                .addJavadoc("Writes the weights as safetensors in PyTorch's names and layouts, atomically.\n")
                .addStatement("session.save(file, $T.of($S, $S, $S, NAME))", MAP, "format", "cnnc-weights-1", "model")
                .build());
        t.addMethod(MethodSpec.methodBuilder("load").addModifiers(Modifier.PUBLIC).addParameter(Path.class, "file")
                .addJavadoc("Loads weights: a cnnc checkpoint or a PyTorch state_dict saved as safetensors.\n")
                .addStatement("session.load(file)").build());
        t.addMethod(MethodSpec.methodBuilder("session").addModifiers(Modifier.PUBLIC).returns(SESSION)
                .addJavadoc("The session underneath: learning rate, gradients, the executor.\n")
                .addStatement("return session").build());
        t.addMethod(MethodSpec.methodBuilder("close").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
                .addStatement("session.close()").build());
        t.addMethod(MethodSpec.methodBuilder("main").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addParameter(String[].class, "args")
                .addJavadoc("{@code java -jar model.jar info|train|eval|predict|run ...}\n")
                .addStatement("$T.main(new $T(NAME, $T::binding, recipe(), resource(INFO), () -> $T.class"
                        + ".getResourceAsStream($S)), args)", APP, ARTIFACT, self, self, weightsResource(spec.className()))
                .build());

        // The model as data.
        t.addMethod(MethodSpec.methodBuilder("inputShape").addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(int[].class).addJavadoc("One sample's shape.\n")
                .addStatement("return $L", literal(m.inputShape())).build());
        t.addMethod(binding(m));
        t.addMethod(recipe(spec.recipe()));
        t.addMethod(MethodSpec.methodBuilder("program").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(PROGRAM)
                .addJavadoc("The device program: the OpenCL source, $L buffers and $L phases.\n", p.buffers().size(),
                        p.phases().size())
                .addStatement("return new $T($S, resource(KERNELS), $S, buffers(), phases())", PROGRAM, p.sourceName(),
                        p.buildOptions()).build());
        ParameterizedTypeName bufferList = ParameterizedTypeName.get(LIST, BUFFER);
        List<CodeBlock> buffers = new ArrayList<>();
        for (int i = 0; i < p.buffers().size(); i++) {
            Program.Buffer b = p.buffers().get(i);
            buffers.add(b.half()
                    ? CodeBlock.of("b.add(new $T($S, $LL, $L, true)); // #$L, fp16", BUFFER, b.name(), b.bytes(),
                            b.storage(), i)
                    : CodeBlock.of("b.add(new $T($S, $LL, $L)); // #$L", BUFFER, b.name(), b.bytes(), b.storage(), i));
        }
        chunked(t, "buffers", bufferList, "b", buffers, "The device buffers, in the order launches refer to them.");
        ParameterizedTypeName launchList = ParameterizedTypeName.get(LIST, LAUNCH);
        MethodSpec.Builder phases = MethodSpec.methodBuilder("phases").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(MAP, ClassName.get(String.class), launchList))
                .addStatement("$T<$T, $T> phases = new $T<>()", MAP, String.class, launchList, LinkedHashMap.class);
        List<String> used = new ArrayList<>();
        for (Map.Entry<String, List<Program.Launch>> e : p.phases().entrySet()) {
            String method = JavaNames.unique("phase" + JavaNames.camel(e.getKey()), used);
            List<CodeBlock> launches = new ArrayList<>();
            for (Program.Launch l : e.getValue()) {
                launches.add(launch(l));
            }
            chunked(t, method, launchList, "l", launches, "Phase {@code " + JavaNames.comment(e.getKey()) + "}: "
                    + launches.size() + " launches.");
            phases.addStatement("phases.put($S, $L())", e.getKey(), method);
        }
        t.addMethod(phases.addStatement("return phases").build());
        params(t, m);
        state(t, m);

        // Helpers of the generated code.
        t.addMethod(MethodSpec.methodBuilder("launch").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(LAUNCH)
                .addParameter(String.class, "kernel").addParameter(long[].class, "global")
                .addParameter(long[].class, "local").addParameter(Object[].class, "args").varargs()
                .addStatement("return new $T(kernel, $T.of(args), global, local)", LAUNCH, LIST).build());
        t.addMethod(MethodSpec.methodBuilder("buf").addModifiers(Modifier.PRIVATE, Modifier.STATIC).returns(BUFFER_REF)
                .addParameter(int.class, "index").addStatement("return new $T(index)", BUFFER_REF).build());
        t.addMethod(MethodSpec.methodBuilder("map").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(MAP, ClassName.get(String.class), ClassName.get(Object.class)))
                .addParameter(Object[].class, "keysAndValues").varargs()
                .addJavadoc("An ordered map from alternating keys and values.\n")
                .addStatement("$T<$T, $T> m = new $T<>()", MAP, String.class, Object.class, LinkedHashMap.class)
                .beginControlFlow("for (int i = 0; i < keysAndValues.length; i += 2)")
                .addStatement("m.put(($T) keysAndValues[i], keysAndValues[i + 1])", String.class)
                .endControlFlow()
                .addStatement("return $T.unmodifiableMap(m)", Collections.class).build());
        t.addMethod(MethodSpec.methodBuilder("resource").addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(String.class).addParameter(String.class, "name")
                .beginControlFlow("try ($T in = $T.class.getResourceAsStream(name))", InputStream.class, self)
                .beginControlFlow("if (in == null)")
                .addStatement("throw new $T(name + $S)", IllegalStateException.class,
                        " is missing from the jar (it is packed next to the class)")
                .endControlFlow()
                .addStatement("return new $T(in.readAllBytes(), $T.UTF_8)", String.class, StandardCharsets.class)
                .nextControlFlow("catch ($T e)", IOException.class)
                .addStatement("throw new $T(e)", UncheckedIOException.class)
                .endControlFlow().build());
        return JavaFile.builder(spec.packageName(), t.build()).skipJavaLangImports(true).indent("    ")
                .addFileComment("Generated by cnnc from $L. Do not edit: recompile the .cnn file instead.",
                        JavaNames.comment(Path.of(spec.source()).getFileName().toString()))
                .build();
    }

    private static String javadoc(Spec spec) {
        ModelBinding m = spec.binding();
        Recipe r = spec.recipe();
        return JavaNames.comment(m.name()) + ", compiled by cnnc from " + JavaNames.comment(spec.source()) + ": a "
                + "classifier of " + Arrays.toString(m.inputShape()) + " samples into " + m.classes() + " classes.\n\n"
                + "<p>The program runs batches of " + m.batch() + " in " + (m.fp64() ? "fp64" : "fp32") + "; training "
                + "uses " + JavaNames.comment(r.loss()) + " and " + JavaNames.comment(r.optimizerText())
                + ". Kernels: {@code " + spec.kernels() + "}, next to this class.\n\n"
                + "<pre>{@code\n" + spec.className() + " m = " + spec.className() + ".open();\n"
                + "float[] logits = m.forward(images);       // [n, CLASSES]\n"
                + "float loss = m.trainStep(images, labels);  // exactly BATCH samples\n"
                + "m.save(path);\n}</pre>\n";
    }

    private static FieldSpec constant(Class<?> type, String name, CodeBlock value, String doc) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL).initializer(value)
                .addJavadoc("$L\n", doc).build();
    }

    /**
     * A method {@code name()} returning a list filled by helpers of at most {@link #CHUNK} statements
     * each. Past {@link #CHUNKS_PER_CLASS} helpers, they go to nested classes of that many helpers
     * each: a class file holds at most 65,535 constants (each distinct string, long or large int
     * literal takes one or two), so a model of thousands of layers does not fit one class.
     */
    private static void chunked(TypeSpec.Builder t, String name, TypeName listType, String var, List<CodeBlock> items,
                                String doc) {
        MethodSpec.Builder main = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(listType).addJavadoc("$L\n", doc)
                .addStatement("$T $L = new $T<>($L)", listType, var, ArrayList.class, items.size());
        // Chunks of at most CHUNK statements and CHUNK_CHARS characters of source (a launch of a
        // kernel with many arguments is a long statement; a method holds at most 64 KiB of bytecode).
        List<Integer> starts = new ArrayList<>(List.of(0));
        int length = 0;
        for (int i = 0; i < items.size(); i++) {
            int len = items.get(i).toString().length();
            if (i > starts.get(starts.size() - 1) && (i - starts.get(starts.size() - 1) >= CHUNK
                    || length + len > CHUNK_CHARS)) {
                starts.add(i);
                length = 0;
            }
            length += len;
        }
        starts.add(items.size());
        int chunks = starts.size() - 1;
        boolean nested = chunks > CHUNKS_PER_CLASS;
        TypeSpec.Builder holder = null;
        for (int c = 0; c < chunks; c++) {
            String part = name + "_" + c; // camel-case names have no underscore: no clash
            MethodSpec.Builder m = MethodSpec.methodBuilder(part).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .addParameter(listType, var);
            for (int i = starts.get(c); i < starts.get(c + 1); i++) {
                m.addCode(items.get(i)).addCode("\n");
            }
            if (!nested) {
                t.addMethod(m.build());
                main.addStatement("$L($L)", part, var);
                continue;
            }
            // '$' never occurs in a model's class name (JavaNames.className), so these cannot clash with it.
            String holderName = "Chunks$" + name + (c / CHUNKS_PER_CLASS);
            if (c % CHUNKS_PER_CLASS == 0) {
                holder = TypeSpec.classBuilder(holderName).addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL);
            }
            holder.addMethod(m.build());
            main.addStatement("$L.$L($L)", holderName, part, var);
            if (c % CHUNKS_PER_CLASS == CHUNKS_PER_CLASS - 1 || c == chunks - 1) {
                t.addType(holder.build());
            }
        }
        t.addMethod(main.addStatement("return $L", var).build());
    }

    private static CodeBlock launch(Program.Launch l) {
        CodeBlock.Builder b = CodeBlock.builder().add("l.add(launch($S, $L, $L", l.kernel(), literal(l.global()),
                l.local() == null ? "null" : literal(l.local()));
        for (Object a : l.args()) {
            if (a instanceof Program.BufferRef r) {
                b.add(", buf($L)", r.index());
            } else if (a instanceof Program.Variable v) {
                b.add(", new $T($S, $T.$L$L)", VARIABLE, v.name(), VARIABLE_TYPE, v.type().name(),
                        v.initial() == null ? "" : CodeBlock.of(", $L", literal(v.initial())));
            } else {
                b.add(", $L", literal(a));
            }
        }
        return b.add("));").build();
    }

    private static MethodSpec binding(ModelBinding m) {
        return MethodSpec.methodBuilder("binding").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(BINDING)
                .addJavadoc("The program with the buffers of the input batch, logits, labels, per-sample losses,\n"
                        + "parameters and optimizer state.\n")
                .addStatement("return new $T(NAME, program(), BATCH, inputShape(), CLASSES, $L, $L, $L, $L, params(), "
                        + "state(), FP64)", BINDING, m.input(), m.logits(), m.labels(), m.loss()).build();
    }

    private static void params(TypeSpec.Builder t, ModelBinding m) {
        List<CodeBlock> items = new ArrayList<>();
        for (ModelBinding.ParamBinding p : m.params()) {
            items.add(CodeBlock.of("p.add(new $T($S, $L, $L, $L, $L, $L, $S, $L));", PARAM, p.name(), literal(p.shape()),
                    p.trainable(), p.floating(), p.buffer(), p.grad(), p.init(), mapLiteral(p.initOptions())));
        }
        listMethod(t, "params", ParameterizedTypeName.get(LIST, PARAM), "p", items,
                "Parameters and buffers in PyTorch's names and layouts, with their initializers.");
    }

    /**
     * A method {@code name()} returning a list: its statements in the method itself when they are
     * few and short, else {@link #chunked}.
     */
    private static void listMethod(TypeSpec.Builder t, String name, ParameterizedTypeName listType, String var,
                                   List<CodeBlock> items, String doc) {
        int chars = items.stream().mapToInt(c -> c.toString().length()).sum();
        if (items.size() > CHUNK || chars > CHUNK_CHARS) {
            chunked(t, name, listType, var, items, doc);
            return;
        }
        MethodSpec.Builder b = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(listType).addJavadoc("$L\n", doc)
                .addStatement("$T<$T> $L = new $T<>()", LIST, listType.typeArguments.get(0), var, ArrayList.class);
        for (CodeBlock c : items) {
            b.addCode(c).addCode("\n");
        }
        t.addMethod(b.addStatement("return $L", var).build());
    }

    private static void state(TypeSpec.Builder t, ModelBinding m) {
        List<CodeBlock> items = new ArrayList<>();
        for (ModelBinding.StateBinding s : m.state()) {
            items.add(CodeBlock.of("s.add(new $T($S, $L, $L));", STATE, s.name(), literal(s.shape()), s.buffer()));
        }
        listMethod(t, "state", ParameterizedTypeName.get(LIST, STATE), "s", items,
                "Optimizer state, saved in checkpoints as {@code optimizer.<param>.<state>}.");
    }

    private static MethodSpec recipe(Recipe r) {
        CodeBlock.Builder steps = CodeBlock.builder().add("$T.of(", LIST);
        for (int i = 0; i < r.augment().size(); i++) {
            Recipe.Step s = r.augment().get(i);
            steps.add(i == 0 ? "" : ", ").add("new $T($S, $L)", STEP, s.name(), mapLiteral(s.options()));
        }
        steps.add(")");
        return MethodSpec.methodBuilder("recipe").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(RECIPE)
                .addJavadoc("The training recipe of the .cnn file's train section, as compiled.\n")
                .addCode("return new $T(\n$>$>", RECIPE)
                .addCode("$L, $L, $LL, // epochs, batch, seed\n", r.epochs(), r.batch(), r.seed())
                .addCode("$S, $S, // optimizer\n", r.optimizer(), r.optimizerText())
                .addCode("$L, $L, $L, // lr, beta1, beta2\n", literal(r.lr()), literal(r.beta1()), literal(r.beta2()))
                .addCode("$S, $L, $L, // schedule, its options, warm-up epochs\n", r.schedule(),
                        mapLiteral(r.scheduleOptions()), r.warmup())
                .addCode("$L, $L, // grad_clip, accumulate\n", literal(r.gradClip()), r.accumulate())
                .addCode("$L, // augment\n", steps.build())
                .addCode("$L, $L, // mean, std\n", literal(r.mean()), literal(r.std()))
                .addCode("$L, // data\n", r.data() == null ? "null" : CodeBlock.of("$S", r.data()))
                .addCode("$L, // classes\n", literal(r.classes()))
                .addCode("$S, $S$L$L);$<$<\n", r.loss(), r.precision(), r.earlyStop() == null && r.val() == 0
                        && r.interpolation().equals("bilinear") && r.lossScale() == null ? ""
                        : CodeBlock.of(", // loss, precision\n$L, $L, $S", r.earlyStop() == null ? "null"
                        : CodeBlock.of("new $T($S, $L)", STEP, r.earlyStop().name(),
                        mapLiteral(r.earlyStop().options())), literal(r.val()), r.interpolation()),
                        r.lossScale() == null ? "" : CodeBlock.of(", // early_stop, val, interpolation\n"
                        + "new $T($S, $L) /* loss_scale */", STEP, r.lossScale().name(),
                        mapLiteral(r.lossScale().options())))
                .build();
    }

    private static CodeBlock mapLiteral(Map<String, Object> m) {
        if (m.isEmpty()) {
            return CodeBlock.of("$T.of()", MAP);
        }
        CodeBlock.Builder b = CodeBlock.builder().add("map(");
        boolean first = true;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            b.add(first ? "" : ", ").add("$S, $L", e.getKey(), literal(e.getValue()));
            first = false;
        }
        return b.add(")").build();
    }

    /** A Java expression of the same type and value (boxed where it goes into an {@code Object}). */
    static CodeBlock literal(Object v) {
        if (v == null) {
            return CodeBlock.of("null");
        }
        if (v instanceof String s) {
            return CodeBlock.of("$S", s);
        }
        if (v instanceof Integer || v instanceof Boolean) {
            return CodeBlock.of("$L", v);
        }
        if (v instanceof Long l) {
            return CodeBlock.of("$LL", l);
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return CodeBlock.of("$T.$L", Double.class, d.isNaN() ? "NaN" : d > 0 ? "POSITIVE_INFINITY"
                        : "NEGATIVE_INFINITY");
            }
            return CodeBlock.of("$L", Double.toString(d));
        }
        if (v instanceof Float f) {
            if (f.isNaN() || f.isInfinite()) {
                return CodeBlock.of("$T.$L", Float.class, f.isNaN() ? "NaN" : f > 0 ? "POSITIVE_INFINITY"
                        : "NEGATIVE_INFINITY");
            }
            return CodeBlock.of("$Lf", Float.toString(f));
        }
        if (v instanceof int[] a) {
            return array(int.class, Arrays.stream(a).mapToObj(x -> literal(x)).toList());
        }
        if (v instanceof long[] a) {
            return array(long.class, Arrays.stream(a).mapToObj(x -> literal(x)).toList());
        }
        if (v instanceof double[] a) {
            return array(double.class, Arrays.stream(a).mapToObj(x -> literal(x)).toList());
        }
        if (v instanceof List<?> list) {
            CodeBlock.Builder b = CodeBlock.builder().add("$T.of(", LIST);
            for (int i = 0; i < list.size(); i++) {
                b.add(i == 0 ? "$L" : ", $L", literal(list.get(i)));
            }
            return b.add(")").build();
        }
        throw new IllegalArgumentException("cannot write a value of type " + v.getClass().getSimpleName()
                + " into generated code: " + v);
    }

    private static CodeBlock array(Class<?> element, List<CodeBlock> items) {
        CodeBlock.Builder b = CodeBlock.builder().add("new $T {", ArrayTypeName.of(element));
        for (int i = 0; i < items.size(); i++) {
            b.add(i == 0 ? "$L" : ", $L", items.get(i));
        }
        return b.add("}").build();
    }

}
