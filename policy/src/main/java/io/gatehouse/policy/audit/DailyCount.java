package io.gatehouse.policy.audit;

import java.time.LocalDate;

/**
 * How many records of one UTC day carry one value of a dimension (a route or a tier name).
 *
 * @param day   the UTC calendar day of the records' timestamps
 * @param value the route or tier name
 */
public record DailyCount(LocalDate day, String value, long count) {
}
