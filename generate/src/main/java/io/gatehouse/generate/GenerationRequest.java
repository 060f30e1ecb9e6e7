package io.gatehouse.generate;

import java.util.List;

/** What a destination is given: the question and the numbered passages it may use. */
public record GenerationRequest(String question, List<ContextPassage> passages) {

    public GenerationRequest {
        passages = List.copyOf(passages);
    }
}
