package io.gatehouse.generate;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

/**
 * A GGUF model run in-process by llama.cpp ({@code de.kherud:llama}). The model is loaded on the first
 * question, shared by all, and runs one generation at a time; up to {@code queueCapacity} more wait in
 * arrival order and any beyond are refused as BUSY at once. {@link #close()} frees the native memory.
 * The prompt is rendered with the chat template stored in the GGUF (llama.cpp's fallback when it has none).
 */
final class LlamaUpstream extends LlamaCppUpstream {

    private LlamaModel model; // guarded by a turn
    private boolean closed; // guarded by a turn
    private volatile boolean closing;

    LlamaUpstream(LlamaCppConfig config) {
        super(config);
    }

    /** Checks the total deadline between tokens; the first-token limit bounds only the wait for the turn. */
    @Override
    protected Reply generateInTurn(Prompt prompt, TokenSink sink, Cancellation cancellation, Instant firstDeadline,
                                   Instant totalDeadline) {
        return generate(loaded(), prompt, sink, cancellation, totalDeadline);
    }

    /** Call holding a turn. */
    private LlamaModel loaded() {
        if (closed) {
            throw new DestinationException(config.name(), new Failure.Unavailable("it has been shut down"), false);
        }
        if (model == null) {
            if (!Files.isReadable(config.modelPath())) {
                throw new DestinationException(config.name(), new Failure.Unavailable("its model file is missing"), false);
            }
            // llama.cpp logs prompts and sampled text at some levels: none of it may reach a log.
            LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
            try {
                model = new LlamaModel(new ModelParameters()
                        .setModel(config.modelPath().toString())
                        .setThreads(config.threads())
                        .setCtxSize(config.contextSize())
                        .setParallel(1)
                        .disableLog());
            } catch (RuntimeException e) { // LlamaException is not public; its message is not needed
                throw new DestinationException(config.name(), new Failure.Unavailable("its model could not be loaded"), false);
            }
        }
        return model;
    }

    private Reply generate(LlamaModel m, Prompt prompt, TokenSink sink, Cancellation cancellation, Instant totalDeadline) {
        InferenceParameters params = new InferenceParameters("")
                .setMessages(prompt.system(), List.of(new Pair<>("user", prompt.user())))
                .setUseChatTemplate(true)
                .setNPredict(config.maxTokens())
                .setTemperature(config.temperature())
                .setSeed(config.seed())
                .setCachePrompt(false);
        int promptTokens = m.encode(m.applyTemplate(params)).length;
        StringBuilder text = new StringBuilder();
        int produced = 0;
        boolean lastEmpty = false;
        StopReason stop = StopReason.END;
        LlamaIterator it = m.generate(params).iterator();
        boolean ended = false; // the binding ended the task itself, or we cancelled it
        try {
            while (it.hasNext()) {
                // Checked between tokens: a local token takes milliseconds, so cancelling waits at most one.
                if (cancellation.isCancelled() || closing) {
                    stop = StopReason.CANCELLED;
                    break;
                }
                if (Instant.now().isAfter(totalDeadline)) {
                    throw new DestinationException(config.name(), new Failure.Timeout(Failure.Phase.TOTAL,
                            config.resilience().totalTimeout()), produced > 0);
                }
                LlamaOutput out = it.next();
                produced++;
                lastEmpty = out.text.isEmpty();
                if (!lastEmpty) {
                    sink.accept(out.text);
                    text.append(out.text);
                }
            }
            ended = stop == StopReason.END;
            if (ended && lastEmpty) {
                produced--; // the binding ends a completion with an empty output that is not a token
            }
        } catch (DestinationException | GuardedDestination.SinkFailure e) {
            throw e;
        } catch (RuntimeException e) { // de.kherud's LlamaException (not public); its message may quote the prompt
            throw new DestinationException(config.name(), new Failure.Unavailable("the local model failed"), produced > 0);
        } finally {
            if (!ended) {
                it.cancel(); // frees the slot for the next question whatever stopped this one
            }
        }
        if (stop == StopReason.END && produced >= config.maxTokens()) {
            stop = StopReason.MAX_TOKENS;
        }
        return new Reply(text.toString(), new Usage(promptTokens, produced, true), stop);
    }

    @Override
    public void close() {
        closing = true;
        ModelTurns.Turn exclusive = turns.exclusive(); // waits for the running generation, which sees closing
        try {
            closed = true;
            if (model != null) {
                model.close();
                model = null;
            }
        } finally {
            exclusive.close();
        }
    }
}
