/** Gatehouse generate module. */
package io.gatehouse.generate;
