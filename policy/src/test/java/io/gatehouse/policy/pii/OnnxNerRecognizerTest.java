package io.gatehouse.policy.pii;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NER recognizer against a real ONNX graph and a real tokenizer.json: the tiny model in
 * test resources (made by make_tiny_ner.py beside it) tags "alice", "bob" as B-PER, "smith" as
 * I-PER and "paris", "london" as B-LOC.
 */
class OnnxNerRecognizerTest {

    private static Path modelDir() throws URISyntaxException {
        return Path.of(OnnxNerRecognizerTest.class.getResource("/pii/tiny-ner/model.onnx").toURI()).getParent();
    }

    @Test
    void tagsPeopleAndPlacesWithCharacterOffsets() throws Exception {
        try (OnnxNerRecognizer ner = OnnxNerRecognizer.open(OnnxNerRecognizer.Config.ofDirectory(modelDir()))) {
            String text = "Hello Alice Smith, Bob met  London";
            List<PiiSpan> spans = ner.recognize(text);
            assertEquals(List.of("PERSON:Alice Smith", "PERSON:Bob", "LOCATION:London"),
                    spans.stream().map(s -> s.type() + ":" + text.substring(s.start(), s.end())).toList());
            assertTrue(spans.stream().allMatch(s -> s.score() > 0.8 && s.score() <= 0.85));
            assertEquals(Set.of(PiiType.PERSON, PiiType.LOCATION), ner.types());
        }
    }

    @Test
    void longTextsAreCutIntoPiecesAndOffsetsStayRight() throws Exception {
        OnnxNerRecognizer.Config small = new OnnxNerRecognizer.Config(modelDir().resolve("model.onnx"),
                modelDir().resolve("tokenizer.json"), List.of(), OnnxNerRecognizer.DEFAULT_ENTITY_TYPES, 1.0, 8);
        try (OnnxNerRecognizer ner = OnnxNerRecognizer.open(small)) {
            String text = "hello hello hello hello alice lives in paris and bob lives in london";
            List<String> found = ner.recognize(text).stream().map(s -> text.substring(s.start(), s.end())).toList();
            assertEquals(List.of("alice", "paris", "bob", "london"), found);
        }
    }

    @Test
    void plugsIntoTheDetectorBesideTheRules() throws Exception {
        try (OnnxNerRecognizer ner = OnnxNerRecognizer.open(OnnxNerRecognizer.Config.ofDirectory(modelDir()))) {
            RecognizerPiiDetector detector = RecognizerPiiDetector.builder()
                    .recognizers(List.of(StandardRecognizers.email())).addRecognizer(ner).build();
            String text = "bob wrote to bob@example.com";
            List<PiiSpan> spans = detector.analyze(text);
            assertEquals(List.of(PiiType.PERSON, PiiType.EMAIL_ADDRESS), spans.stream().map(PiiSpan::type).toList());
        }
    }

    @Test
    void missingFilesFailLoudly() {
        assertThrows(IllegalArgumentException.class,
                () -> OnnxNerRecognizer.open(OnnxNerRecognizer.Config.ofDirectory(Path.of("/nonexistent"))));
    }
}
