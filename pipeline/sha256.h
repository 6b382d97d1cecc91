/*
 * sha256.h - SHA-256 (FIPS 180-4), our own, for the document hash.
 *
 * Why our own: the hash identifies a document in the store (same bytes, same
 * hash, skip), so it must not depend on which crypto library a machine has.
 * Streaming interface: init, update any number of times, final.
 */
#ifndef AK_SHA256_H
#define AK_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct ak_sha256 {
	uint32_t h[8];
	uint64_t nbytes;        /* message length so far, bytes */
	unsigned char blk[64];  /* pending partial block */
	size_t nblk;            /* bytes in blk */
};

void ak_sha256_init(struct ak_sha256 *s);
void ak_sha256_update(struct ak_sha256 *s, const void *data, size_t n);
/* Finish: 32-byte digest into out; s must be re-initialised to reuse. */
void ak_sha256_final(struct ak_sha256 *s, unsigned char out[32]);
/* Finish and write the lowercase hex digest (64 chars + NUL) into hex. */
void ak_sha256_final_hex(struct ak_sha256 *s, char hex[65]);
/* One-shot convenience. */
void ak_sha256_hex(const void *data, size_t n, char hex[65]);

#endif
