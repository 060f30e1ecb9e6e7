package io.gatehouse.policy.pii;

/** The kinds of personal data Gatehouse recognises. One recognizer per type. */
public enum PiiType {
    EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, US_SSN, US_DRIVER_LICENSE, US_PASSPORT,
    UK_NHS, IP_ADDRESS, URL, DOMAIN_NAME, DATE_TIME, AGE, STREET_ADDRESS, PERSON, LOCATION,
    ORGANIZATION, TITLE
}
