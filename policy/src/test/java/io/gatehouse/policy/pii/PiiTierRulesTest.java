package io.gatehouse.policy.pii;

import io.gatehouse.policy.Tier;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiiTierRulesTest {

    private final PiiTierRules defaults = PiiTierRules.defaults();

    @Test
    void nothingFoundIsPublic() {
        assertEquals(Tier.PUBLIC, defaults.minimumTier(List.of()));
        assertEquals(Tier.PUBLIC, defaults.minimumTier(List.of(PiiType.LOCATION, PiiType.DATE_TIME)));
    }

    @Test
    void financialAndNationalIdentifiersAreRestricted() {
        for (PiiType t : List.of(PiiType.CREDIT_CARD, PiiType.IBAN_CODE, PiiType.US_SSN, PiiType.US_PASSPORT, PiiType.UK_NHS)) {
            assertEquals(Tier.RESTRICTED, defaults.minimumTier(List.of(t)), t.name());
        }
    }

    @Test
    void aPersonAloneIsPublicButWithContactDataConfidential() {
        assertEquals(Tier.PUBLIC, defaults.minimumTier(List.of(PiiType.PERSON)));
        assertEquals(Tier.PUBLIC, defaults.minimumTier(List.of(PiiType.EMAIL_ADDRESS)));
        assertEquals(Tier.CONFIDENTIAL, defaults.minimumTier(List.of(PiiType.PERSON, PiiType.EMAIL_ADDRESS)));
        assertEquals(Tier.CONFIDENTIAL, defaults.minimumTier(List.of(PiiType.PHONE_NUMBER, PiiType.PERSON)));
        assertEquals(Tier.CONFIDENTIAL, defaults.minimumTier(List.of(PiiType.PERSON, PiiType.STREET_ADDRESS)));
    }

    @Test
    void theHighestRuleWinsAndReasonsNameTypesOnly() {
        PiiTierRules.Classification c = defaults.classify(List.of(PiiType.PERSON, PiiType.PHONE_NUMBER, PiiType.CREDIT_CARD));
        assertEquals(Tier.RESTRICTED, c.tier());
        assertEquals(2, c.reasons().size());
        assertTrue(c.reasons().contains("CREDIT_CARD -> RESTRICTED"));
    }

    @Test
    void spansAreClassifiedByTheirTypes() {
        List<PiiSpan> spans = List.of(new PiiSpan(0, 4, PiiType.PERSON, 0.9), new PiiSpan(10, 20, PiiType.PHONE_NUMBER, 0.9));
        assertEquals(Tier.CONFIDENTIAL, defaults.minimumTierOf(spans));
    }

    @Test
    void rulesBuiltFromYamlConfiguration() {
        Map<String, Object> config = new Yaml().load("""
                types:
                  EMAIL_ADDRESS: internal
                  US_SSN: RESTRICTED
                combinations:
                  - all: [PERSON, DATE_TIME]
                    tier: CONFIDENTIAL
                """);
        PiiTierRules rules = PiiTierRules.fromConfig(config);
        assertEquals(Tier.INTERNAL, rules.minimumTier(Set.of(PiiType.EMAIL_ADDRESS)));
        assertEquals(Tier.CONFIDENTIAL, rules.minimumTier(Set.of(PiiType.PERSON, PiiType.DATE_TIME)));
        assertEquals(Tier.PUBLIC, rules.minimumTier(Set.of(PiiType.PERSON)));
        assertEquals(Tier.PUBLIC, rules.minimumTier(Set.of(PiiType.CREDIT_CARD)));
    }

    @Test
    void unknownNamesInConfigurationAreRejectedWithTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PiiTierRules.fromConfig(Map.of("types", Map.of("CREDITCARD", "RESTRICTED"))));
        assertTrue(e.getMessage().contains("CREDIT_CARD"));
        assertThrows(IllegalArgumentException.class, () -> PiiTierRules.fromConfig(Map.of("types", Map.of("PERSON", "SECRET"))));
        assertThrows(IllegalArgumentException.class, () -> PiiTierRules.fromConfig(Map.of("typo", Map.of())));
    }
}
