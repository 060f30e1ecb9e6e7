/** Gatehouse web module. */
package io.gatehouse.web;
