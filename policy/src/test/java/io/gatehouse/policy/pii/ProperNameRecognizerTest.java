package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProperNameRecognizerTest {

    /** Loaded once: the bundled lists are read-only. */
    private static final Gazetteer GAZETTEER = Gazetteer.bundled();

    private final ProperNameRecognizer names = new ProperNameRecognizer(GAZETTEER);

    private List<String> found(String text) {
        return new OverlapResolver(0.4).resolve(names.recognize(text)).stream()
                .map(s -> s.type() + ":" + text.substring(s.start(), s.end())).toList();
    }

    @Test
    void gazetteersAreLoadedWithTheExpectedEntries() {
        assertTrue(GAZETTEER.firstNames().contains("margaret"));
        assertTrue(GAZETTEER.surnames().contains("johnson"));
        assertTrue(GAZETTEER.places().contains("rotterdam"));
        assertTrue(GAZETTEER.countries().contains("new zealand"));
        assertTrue(GAZETTEER.englishWords().contains("discipline"));
    }

    @Test
    void fullNameWithHonorific() {
        assertEquals(List.of("TITLE:Mrs.", "PERSON:Margaret Okonkwo-Hale"), found("Please ask Mrs. Margaret Okonkwo-Hale to sign."));
    }

    @Test
    void placesByGazetteerAndCountrySplitFromCity() {
        assertEquals(List.of("LOCATION:Rotterdam", "LOCATION:New Zealand"), found("She flew from Rotterdam to New Zealand."));
        assertEquals(List.of("LOCATION:Rotterdam", "LOCATION:Netherlands"), found("Warehouse: Rotterdam Netherlands"));
    }

    @Test
    void organisationBySuffix() {
        assertEquals(List.of("ORGANIZATION:Brightwater Analytics Ltd."), found("We signed with Brightwater Analytics Ltd. yesterday"));
        assertEquals(List.of("ORGANIZATION:acme widgets llc"), found("the invoice from acme widgets llc is late"));
    }

    @Test
    void lowerCaseTextStillFindsKnownNames() {
        assertEquals(List.of("PERSON:margaret johnson", "LOCATION:rotterdam"), found("i think margaret johnson moved to rotterdam"));
    }

    @Test
    void capitalisedCommonWordsAndSentenceOpenersAreNotNames() {
        assertEquals(List.of(), found("Honesty and Patience are virtues. The Board will Meet on Time."));
        assertEquals(List.of(), found("Don't worry, They're fine. C'mon!"));
        // A place name made only of common words needs a cue: this is a club, not the village.
        assertEquals(List.of(), found("Dinner at the Country Club was fine."));
        // A lower-case "sir" without a full stop is a word, not an honorific.
        assertEquals(List.of(), found("excuse me, sir bot, but no"));
    }

    @Test
    void namesInAListIncludeCommonWordNames() {
        List<String> f = found("The team: Priyanka, Mark and Joaquim.");
        assertEquals(List.of("PERSON:Priyanka", "PERSON:Mark", "PERSON:Joaquim"), f);
    }

    @Test
    void particlesInSurnames() {
        assertEquals(List.of("PERSON:Ludwig van der Berg"), found("Thanks to Ludwig van der Berg for the help"));
    }
}
