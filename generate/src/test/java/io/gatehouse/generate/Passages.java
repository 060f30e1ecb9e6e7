package io.gatehouse.generate;

import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.policy.Tier;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds generation requests from plain passage texts, numbered in order. */
final class Passages {

    private Passages() {
    }

    static GenerationRequest request(String question, String... texts) {
        List<ContextPassage> out = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            int n = i + 1;
            out.add(new ContextPassage(n, new RetrievedChunk("c" + n, "d" + n, "Doc " + n, 0, n, "", texts[i], Tier.PUBLIC,
                    Set.of(), Set.of(), 1.0 / n, n)));
        }
        return new GenerationRequest(question, out);
    }
}
