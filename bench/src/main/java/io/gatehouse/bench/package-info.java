/** Gatehouse bench module. */
package io.gatehouse.bench;
