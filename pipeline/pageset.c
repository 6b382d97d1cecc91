/*
 * pageset.c - gather the page images of one scanned document into one input.
 *
 * Why: archives scan a document into a folder of page images, one file per
 * page ("protokoll-2024-11-p01.png", "-p02.png", ...).  Read one by one,
 * every page would be a document of its own: the minutes' head (organisation,
 * date, attendees) would belong to page 1 only, sections and tables that run
 * over a page break would be cut, and the store would list pages as
 * documents.  So the batch treats such a run of files as one page set.
 *
 * The rule is deliberately narrow, so that it never joins files that are not
 * pages of one document (docs/ingest.md): files of one folder whose names are
 * <stem><number><.ext>, with the same stem and the same image extension,
 * numbered 1..n (or 0..n-1) with no gap and no number twice, n >= 2.  Years
 * ("budget-2023.png", "budget-2024.png") do not start at 0 or 1 and stay
 * apart; a gap (p1, p2, p4) leaves every file on its own.  `--no-group`
 * turns the rule off.
 */
#include "arkiv.h"

#include <stdlib.h>
#include <string.h>

/* Extensions of the image formats a page set may be made of. */
static const char *const image_ext[] = {
	".png", ".tif", ".tiff", ".jpg", ".jpeg", ".pnm", ".pbm", ".pgm", ".ppm", ".bmp",
};

#define MAX_PAGE_DIGITS 4

struct cand {
	size_t idx;        /* position in the expanded path list */
	size_t dirlen;     /* bytes of the folder part, incl. the '/' */
	size_t stemlen;    /* bytes of the stem (after the folder) */
	const char *ext;   /* points into the path */
	long num;
	const char *path;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ext_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (lower((unsigned char)*a) != lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static int is_image_ext(const char *e)
{
	size_t i;
	for (i = 0; i < sizeof(image_ext) / sizeof(image_ext[0]); i++)
		if (ext_eq(e, image_ext[i]))
			return 1;
	return 0;
}

/* Parse "<dir>/<stem><digits><.ext>"; 0 when the name is not of that form. */
static int parse_name(const char *path, struct cand *c)
{
	const char *base = strrchr(path, '/');
	const char *dot, *d;
	long num = 0;
	size_t nd = 0;

	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (!dot || dot == base || !is_image_ext(dot))
		return 0;
	for (d = dot; d > base && d[-1] >= '0' && d[-1] <= '9'; d--)
		nd++;
	if (nd == 0 || nd > MAX_PAGE_DIGITS || d == base)
		return 0;
	for (; d < dot; d++)
		num = num * 10 + (*d - '0');
	c->path = path;
	c->dirlen = (size_t)(base - path);
	c->stemlen = (size_t)(dot - base) - nd;
	c->ext = dot;
	c->num = num;
	return 1;
}

static int same_key(const struct cand *a, const struct cand *b)
{
	return a->dirlen == b->dirlen && a->stemlen == b->stemlen &&
	       memcmp(a->path, b->path, a->dirlen + a->stemlen) == 0 && ext_eq(a->ext, b->ext);
}

static int cmp_cand(const void *pa, const void *pb)
{
	const struct cand *a = pa, *b = pb;
	size_t na = a->dirlen + a->stemlen, nb = b->dirlen + b->stemlen;
	int r = memcmp(a->path, b->path, na < nb ? na : nb);
	const char *ea, *eb;

	if (r)
		return r;
	if (na != nb)
		return na < nb ? -1 : 1;
	for (ea = a->ext, eb = b->ext; *ea || *eb; ea++, eb++)
		if (lower((unsigned char)*ea) != lower((unsigned char)*eb))
			return lower((unsigned char)*ea) - lower((unsigned char)*eb);
	if (a->num != b->num)
		return a->num < b->num ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* The set's name: "<dir>/<stem>*<.ext>", the glob that lists its pages. */
static char *set_name(const struct cand *c)
{
	size_t pre = c->dirlen + c->stemlen, ne = strlen(c->ext);
	char *s = malloc(pre + 1 + ne + 1);
	if (!s)
		return NULL;
	memcpy(s, c->path, pre);
	s[pre] = '*';
	memcpy(s + pre + 1, c->ext, ne + 1);
	return s;
}

void ak_free_inputs(struct ak_input **in, size_t n)
{
	size_t i, j;
	if (!*in)
		return;
	for (i = 0; i < n; i++) {
		free((*in)[i].path);
		for (j = 0; j < (*in)[i].nparts; j++)
			free((*in)[i].parts[j]);
		free((*in)[i].parts);
	}
	free(*in);
	*in = NULL;
}

int ak_expand_inputs(struct ak_input **out, size_t *nout, char *const *paths, size_t npaths,
                     int group,
                     void (*emit_err)(const char *path, const char *why, void *ud),
                     void *ud)
{
	char **files = NULL;
	size_t n = 0, nc = 0, i, j, k, m = 0;
	struct cand *c = NULL;
	size_t *set_of = NULL;     /* per file: 1 + first cand index of its set, or 0 */
	unsigned char *lead = NULL; /* per file: first file of its set */
	struct ak_input *in = NULL;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((rc = ak_expand_paths(&files, &n, paths, npaths, emit_err, ud)) != 0)
		return rc;
	rc = AK_ENOMEM;
	if (!(in = calloc(n ? n : 1, sizeof(*in))) || !(set_of = calloc(n ? n : 1, sizeof(*set_of))) ||
	    !(lead = calloc(n ? n : 1, 1)) || !(c = calloc(n ? n : 1, sizeof(*c))))
		goto fail;

	if (group) {
		for (i = 0; i < n; i++)
			if (parse_name(files[i], &c[nc])) {
				c[nc].idx = i;
				nc++;
			}
		qsort(c, nc, sizeof(*c), cmp_cand);
		for (i = 0; i < nc; i = j) {
			int ok;
			for (j = i + 1; j < nc && same_key(&c[i], &c[j]); j++)
				;
			/* numbered from 0 or 1, no gap and no number twice */
			ok = j - i >= 2 && (c[i].num == 0 || c[i].num == 1);
			for (k = i + 1; ok && k < j; k++)
				ok = c[k].num == c[k - 1].num + 1;
			if (!ok)
				continue;
			{
				size_t first = c[i].idx;
				for (k = i; k < j; k++) {
					set_of[c[k].idx] = i + 1;
					if (c[k].idx < first)
						first = c[k].idx;
				}
				lead[first] = 1;
			}
		}
	}

	for (i = 0; i < n; i++) {
		struct ak_input *t;
		if (set_of[i] && !lead[i])
			continue;
		t = &in[m++];
		if (!set_of[i]) {
			t->path = files[i];
			files[i] = NULL;
			continue;
		}
		{
			size_t s = set_of[i] - 1;
			for (j = s; j < nc && same_key(&c[s], &c[j]); j++)
				;
			if (!(t->path = set_name(&c[s])) || !(t->parts = calloc(j - s, sizeof(char *))))
				goto fail;
			for (k = s; k < j; k++) {
				if (!(t->parts[k - s] = strdup(c[k].path)))
					goto fail;
				t->nparts++;
			}
		}
	}
	ak_free_paths(&files, n);
	free(c);
	free(set_of);
	free(lead);
	*out = in;
	*nout = m;
	return 0;
fail:
	ak_free_inputs(&in, m);
	ak_free_paths(&files, n);
	free(c);
	free(set_of);
	free(lead);
	return rc;
}
