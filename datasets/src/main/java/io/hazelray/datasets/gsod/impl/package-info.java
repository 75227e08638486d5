/**
 * Internals of the GSOD datasets code: the byte-level CSV parser and writer, the tar.gz member
 * reader and its prefetching thread, the in-memory cell layout, the Hazelcast serializer hook.
 * Not an API: anything here may change.
 */
package io.hazelray.datasets.gsod.impl;
