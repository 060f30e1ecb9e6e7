/** Gatehouse index module. */
package io.gatehouse.index;
