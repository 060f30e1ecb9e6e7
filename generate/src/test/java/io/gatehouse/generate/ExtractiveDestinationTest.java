package io.gatehouse.generate;

import io.gatehouse.index.RetrievedChunk;
import io.gatehouse.policy.Tier;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExtractiveDestinationTest {

    private final ExtractiveDestination extractive = new ExtractiveDestination("on-prem", 2);

    @Test
    void quotesTheSentenceThatAnswersAndCitesItsPassage() {
        GeneratedText out = extractive.generate(new GenerationRequest("How long must privileged passwords be?", List.of(
                passage(1, "Visitors sign in at reception. Badges are returned at the end of the day."),
                passage(2, "Privileged accounts must use a password of at least 20\ncharacters, rotated every 60 days."))));
        assertTrue(out.text().contains("at least 20 characters, rotated every 60 days"), out.text());
        assertEquals(List.of(2), out.citedPassages());
    }

    @Test
    void saysSoWhenNothingMatchesInsteadOfQuotingNoise() {
        GeneratedText out = extractive.generate(new GenerationRequest("MARLINSPIKE bonus pool size?", List.of(
                passage(1, "Expense claims are filed within thirty days of travel."))));
        assertTrue(out.citedPassages().isEmpty());
        assertFalse(out.text().contains("Expense"));
    }

    @Test
    void overlappingChunksDoNotRepeatAQuote() {
        String s = "The ferry to Gull Island leaves at 06:45 from pier nine.";
        GeneratedText out = extractive.generate(new GenerationRequest("When does the Gull Island ferry leave?",
                List.of(passage(1, s), passage(2, s))));
        assertEquals(out.text().indexOf("06:45"), out.text().lastIndexOf("06:45"), out.text());
    }

    private static ContextPassage passage(int n, String text) {
        return new ContextPassage(n, new RetrievedChunk("c" + n, "d" + n, "Doc " + n, 0, 1, "", text, Tier.PUBLIC,
                Set.of(), Set.of(), 1.0 / n, n));
    }
}
