/** Gatehouse ingest module. */
package io.gatehouse.ingest;
