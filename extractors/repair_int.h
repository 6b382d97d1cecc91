/*
 * repair_int.h - private to extractors/repair*.c: the loaded model.
 */
#ifndef AK_REPAIR_INT_H
#define AK_REPAIR_INT_H

#include "lexicon.h"
#include "repair.h"

enum ak_rule_class { AK_RC_STRIP = 0, AK_RC_GLYPH, AK_RC_RARE };

struct ak_rule {
	char from[8], to[8];   /* lower-case UTF-8 */
	unsigned char flen, tlen;
	unsigned char cls;     /* enum ak_rule_class */
	float logp;            /* log P(printed from | true to), for glyph/rare */
};

#define AK_MAX_RULES 64

/* Pseudo-word of the model that stands before the first word of every
 * sentence of the running text (dicts/mkdict.c): no flags, so never a
 * reading; its bigrams give sentence-initial context. */
#define AK_REPAIR_SENT "<s>"
/* Pseudo-word that stands for any number (a run of digits, with spaces,
 * commas and dashes inside) in the running text's bigrams. */
#define AK_REPAIR_NUM "<num>"

struct ak_repair_model {
	struct ak_lex *lex;
	struct ak_rule rules[AK_MAX_RULES];
	size_t nrules;
	/* first byte -> bitmask hint: does any rule start with this byte */
	unsigned char starts[256];
	/* the strip rules present, as the fold table can restore them:
	 * bit 0 a -> ä, bit 1 a -> å, bit 2 o -> ö */
	unsigned strip;
	/* the glyph and rare rules (the ones searched; strip rules are the
	 * fold table's) by first byte, in table order */
	unsigned char vrule[256][16];
	unsigned char nvrule[256];
};

#endif
