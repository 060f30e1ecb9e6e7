package io.gatehouse.generate;

import java.util.List;

/** A destination's reply: the text and the passage numbers it cites (as found in the text). */
public record GeneratedText(String text, List<Integer> citedPassages, String model) {

    public GeneratedText {
        citedPassages = List.copyOf(citedPassages);
    }
}
