/*
 * query.c - `arkiv query`: documents, decisions, series, findings and a
 * read-only SQL passthrough over the store.
 *
 * Why its own unit: it is not a document pipeline (no stages, no inputs),
 * so main.c hands it argv before any stage logic.  Each subcommand is one
 * row of a table: its SQL (parameters ?1..?n, NULL = filter off) and a
 * total ORDER BY so the bytes are stable; the result is rendered by
 * query_out.c.  The database is opened read-only: a query can never change
 * the store, and it reads a consistent snapshot while a run writes (WAL).
 * `series --plot FILE.svg|FILE.png` also draws the series (format by the
 * extension); the file is written to a temporary name and renamed, so no
 * reader ever sees half a chart.
 *
 * Text search: --text words become an FTS5 query of quoted tokens (all must
 * occur; a trailing * keeps prefix search), so user input can never be an
 * FTS5 syntax error, and with remove_diacritics 2 "forbundsreserv" finds
 * "förbundsreserv".
 */
#include "query.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { Q_OK = 0, Q_FAILED = 1, Q_USAGE = 2, Q_NODB = 3 };

struct qopts {
	const char *db;
	enum ak_qfmt fmt;
	const char *org, *type, *kind, *text, *klass, *severity, *status, *column, *plot;
	int year_from, year_to; /* 0 = open */
	int count;              /* findings --count */
	const char *sub;        /* subcommand */
	char **args;            /* its positional arguments */
	int nargs;
};

static const char usage_text[] =
	"usage: arkiv query [--db FILE] [--format table|csv|json] WHAT [filters]\n"
	"\n"
	"  documents              every document with its status\n"
	"  decisions              decisions with date, §, title, text and page link\n"
	"  series LABEL           one table line (\"Årets resultat\") across years,\n"
	"                         with the source cell of each value\n"
	"  findings               findings (--count: per organisation and class)\n"
	"  sql \"SELECT ...\"       any read-only statement\n"
	"\n"
	"filters:\n"
	"  --org TEXT             organisation contains TEXT\n"
	"  --year Y | Y1-Y2       year or range;  --from-year Y, --to-year Y\n"
	"  --type T               decision type (information-noted, approval, ...)\n"
	"  --kind K               decision, delegation, proposal, reservation, vote,\n"
	"                         ... or all (default: decision and delegation)\n"
	"  --text WORDS           decisions containing all WORDS (å/ä/ö optional)\n"
	"  --column TEXT          series: column header contains TEXT (\"Utfall\")\n"
	"  --plot FILE.svg|.png   series: also draw a line chart (format by extension)\n"
	"  --class NAME           findings of this class (check-genuine, ...)\n"
	"  --severity S           findings at severity info|note|warning|error\n"
	"  --status ok|failed     documents with this status\n"
	"\n"
	"exit status: 0 ok, 1 query failed, 2 usage, 3 database cannot be opened\n";

/* Cursor parse of a year 1000-2999; advances *p only on success. */
static int parse_year(const char **p, int *out)
{
	const char *s = *p;
	int v = 0, k;
	for (k = 0; k < 4; k++) {
		if (s[k] < '0' || s[k] > '9')
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	if (s[4] >= '0' && s[4] <= '9')
		return -1;
	if (v < 1000 || v > 2999)
		return -1;
	*out = v;
	*p = s + 4;
	return 0;
}

/* "2023", "2019-2023", "2019-" or "-2023". */
static int parse_year_range(const char *s, int *from, int *to)
{
	const char *p = s;
	int a = 0, b = 0;
	if (*p != '-' && parse_year(&p, &a))
		return -1;
	if (*p == '\0') {
		*from = *to = a;
		return 0;
	}
	if (*p != '-')
		return -1;
	p++;
	if (*p && parse_year(&p, &b))
		return -1;
	if (*p || (a && b && a > b) || (!a && !b))
		return -1;
	*from = a;
	*to = b;
	return 0;
}

static int parse_args(struct qopts *o, int argc, char **argv, struct ak_buf *err)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "org", required_argument, NULL, 1 },
		{ "year", required_argument, NULL, 2 },
		{ "from-year", required_argument, NULL, 3 },
		{ "to-year", required_argument, NULL, 4 },
		{ "type", required_argument, NULL, 5 },
		{ "text", required_argument, NULL, 6 },
		{ "class", required_argument, NULL, 7 },
		{ "severity", required_argument, NULL, 8 },
		{ "status", required_argument, NULL, 9 },
		{ "column", required_argument, NULL, 10 },
		{ "plot", required_argument, NULL, 11 },
		{ "count", no_argument, NULL, 12 },
		{ "kind", required_argument, NULL, 13 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, y;
	const char *p;

	memset(o, 0, sizeof(*o));
	o->db = "arkiv.db";
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "d:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'f':
			if (strcmp(optarg, "table") == 0 || strcmp(optarg, "text") == 0)
				o->fmt = AK_QFMT_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				o->fmt = AK_QFMT_CSV;
			else if (strcmp(optarg, "json") == 0)
				o->fmt = AK_QFMT_JSON;
			else {
				ak_buf_puts(err, "arkiv query: --format takes table, csv or json\n");
				return -1;
			}
			break;
		case 1: o->org = optarg; break;
		case 2:
			if (parse_year_range(optarg, &o->year_from, &o->year_to)) {
				ak_buf_printf(err, "arkiv query: --year takes YYYY or YYYY-YYYY, not '%s'\n",
				              optarg);
				return -1;
			}
			break;
		case 3:
		case 4:
			p = optarg;
			if (parse_year(&p, &y) || *p) {
				ak_buf_printf(err, "arkiv query: --%s takes a year YYYY, not '%s'\n",
				              c == 3 ? "from-year" : "to-year", optarg);
				return -1;
			}
			if (c == 3)
				o->year_from = y;
			else
				o->year_to = y;
			break;
		case 5: o->type = optarg; break;
		case 6: o->text = optarg; break;
		case 7: o->klass = optarg; break;
		case 8: o->severity = optarg; break;
		case 9: o->status = optarg; break;
		case 10: o->column = optarg; break;
		case 11: o->plot = optarg; break;
		case 12: o->count = 1; break;
		case 13: o->kind = optarg; break;
		case 'h': return 1;
		default:
			ak_buf_printf(err, "arkiv query: unknown or incomplete option '%s'\n",
			              argv[optind - 1]);
			return -1;
		}
	}
	if (optind >= argc) {
		ak_buf_puts(err, "arkiv query: what to query? (see arkiv query --help)\n");
		return -1;
	}
	o->sub = argv[optind];
	o->args = argv + optind + 1;
	o->nargs = argc - optind - 1;
	return 0;
}

/* ------------------------------------------------------------ parameters */

struct params {
	struct ak_store_val v[12];
	size_t n;
};

static void p_text(struct params *p, const char *s)
{
	struct ak_store_val *v = &p->v[p->n++];
	memset(v, 0, sizeof(*v));
	if (s) {
		v->type = AK_SV_TEXT;
		v->s = s;
		v->n = strlen(s);
	}
}

static void p_int(struct params *p, int64_t i, int null_if_zero)
{
	struct ak_store_val *v = &p->v[p->n++];
	memset(v, 0, sizeof(*v));
	if (!(null_if_zero && i == 0)) {
		v->type = AK_SV_INT;
		v->i = i;
	}
}

/* User words -> FTS5 query: "w1" "w2"* ... (all must occur). */
static int fts_query(struct ak_buf *q, const char *text)
{
	const char *p = text;
	while (*p) {
		const char *s;
		size_t n, i;
		int prefix = 0;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		s = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - s);
		if (n && s[n - 1] == '*') {
			prefix = 1;
			n--;
		}
		if (!n)
			continue;
		if (q->len)
			ak_buf_putc(q, ' ');
		ak_buf_putc(q, '"');
		for (i = 0; i < n; i++) {
			if (s[i] == '"')
				ak_buf_putc(q, '"');
			ak_buf_putc(q, s[i]);
		}
		ak_buf_putc(q, '"');
		if (prefix)
			ak_buf_putc(q, '*');
	}
	return q->err;
}

/* ------------------------------------------------------------ the queries */

static const char sql_documents[] =
	"SELECT path, status, format, kind, organisation, date, year, pages, encoding,"
	" error_stage, error\n"
	"FROM documents\n"
	"WHERE (?1 IS NULL OR organisation LIKE '%' || ?1 || '%')\n"
	"  AND (?2 IS NULL OR year >= ?2) AND (?3 IS NULL OR year <= ?3)\n"
	"  AND (?4 IS NULL OR status = ?4)\n"
	"ORDER BY path";

/* The decision's year: its own date's, else the document's. */
#define DECISION_YEAR "COALESCE(CAST(substr(c.date, 1, 4) AS INTEGER), d.year)"

/* Join orders: by default SQLite's choice (the FTS or the item's index
 * first); with --org and no --text the organisation's documents first and
 * their decisions/cells by doc_id (CROSS JOIN fixes the order: a LIKE
 * '%..%' filter has no index, so the planner cannot know it is selective).
 * Measured on 10 000 documents: series --org 0.7 ms instead of 100 ms. */
#define FROM_DECISIONS "FROM decisions c JOIN documents d ON d.id = c.doc_id\n"
#define FROM_DECISIONS_ORG "FROM documents d CROSS JOIN decisions c ON c.doc_id = d.id\n"
#define FROM_CELLS "FROM cells c JOIN documents d ON d.id = c.doc_id\n"
#define FROM_CELLS_ORG "FROM documents d CROSS JOIN cells c ON c.doc_id = d.id\n"

#define SQL_DECISIONS(from) \
	"SELECT d.organisation AS organisation, COALESCE(c.date, d.date) AS date,"\
	" c.paragraph AS paragraph, c.title AS title, c.type AS type,"\
	" COALESCE(c.kind, 'decision') AS kind, c.text AS decision,"\
	" d.path || '#page=' || COALESCE(c.page, 1) AS link\n"\
	from \
	"WHERE d.status = 'ok'\n"\
	"  AND (?1 IS NULL OR d.organisation LIKE '%' || ?1 || '%')\n"\
	"  AND (?2 IS NULL OR " DECISION_YEAR " >= ?2)\n"\
	"  AND (?3 IS NULL OR " DECISION_YEAR " <= ?3)\n"\
	"  AND (?4 IS NULL OR c.type = ?4)\n"\
	"  AND (CASE WHEN ?6 IS NULL THEN c.kind IS NULL OR c.kind IN ('decision', 'delegation')"\
	" WHEN ?6 = 'all' THEN 1 ELSE COALESCE(c.kind, 'decision') = ?6 END)\n"\
	"  AND (?5 IS NULL OR c.id IN (SELECT rowid FROM decisions_fts"\
	" WHERE decisions_fts MATCH ?5))\n"\
	"ORDER BY 2, d.path, c.seq"

static const char sql_decisions[] = SQL_DECISIONS(FROM_DECISIONS);
static const char sql_decisions_org[] = SQL_DECISIONS(FROM_DECISIONS_ORG);

/* The value's year: from its column header ("Utfall 2023"), else the
 * document's.  Latest document first within a year, so the plot (which
 * keeps the first value per organisation and year) shows the most recent
 * statement of each figure. */
#define SQL_SERIES(from) \
	"SELECT COALESCE(c.year, d.year) AS year, d.organisation AS organisation,"\
	" c.value AS value, c.scale AS scale, c.unit AS unit, c.raw AS raw,"\
	" c.header AS header, d.path AS path, c.page AS page, c.table_no AS table_no,"\
	" c.row_no AS row_no, c.col_no AS col_no,"\
	" CASE WHEN c.x0 IS NULL THEN NULL ELSE c.x0 || ',' || c.y0 || ',' || c.x1 || ','"\
	" || c.y1 END AS box\n"\
	from \
	"WHERE c.label_key = ?1 AND c.value IS NOT NULL AND d.status = 'ok'\n"\
	"  AND (?2 IS NULL OR d.organisation LIKE '%' || ?2 || '%')\n"\
	"  AND (?3 IS NULL OR c.header LIKE '%' || ?3 || '%')\n"\
	"  AND (?4 IS NULL OR COALESCE(c.year, d.year) >= ?4)\n"\
	"  AND (?5 IS NULL OR COALESCE(c.year, d.year) <= ?5)\n"\
	"ORDER BY 1, 2, d.year DESC, d.path, c.table_no, c.row_no, c.col_no"

static const char sql_series[] = SQL_SERIES(FROM_CELLS);
static const char sql_series_org[] = SQL_SERIES(FROM_CELLS_ORG);

static const char sql_findings[] =
	"SELECT d.organisation AS organisation, d.year AS year, f.name AS class,"
	" f.severity AS severity, d.path AS path, f.page AS page, f.line AS line,"
	" f.table_no AS table_no, f.row_no AS row_no, f.col_no AS col_no, f.rule AS rule,"
	" f.message AS message\n"
	"FROM findings f JOIN documents d ON d.id = f.doc_id\n"
	"WHERE (?1 IS NULL OR f.name = ?1)\n"
	"  AND (?2 IS NULL OR d.organisation LIKE '%' || ?2 || '%')\n"
	"  AND (?3 IS NULL OR f.severity = ?3)\n"
	"  AND (?4 IS NULL OR d.year >= ?4) AND (?5 IS NULL OR d.year <= ?5)\n"
	"ORDER BY d.path, f.seq";

static const char sql_findings_count[] =
	"SELECT d.organisation AS organisation, f.name AS class, f.severity AS severity,"
	" count(*) AS findings, count(DISTINCT d.id) AS documents\n"
	"FROM findings f JOIN documents d ON d.id = f.doc_id\n"
	"WHERE (?1 IS NULL OR f.name = ?1)\n"
	"  AND (?2 IS NULL OR d.organisation LIKE '%' || ?2 || '%')\n"
	"  AND (?3 IS NULL OR f.severity = ?3)\n"
	"  AND (?4 IS NULL OR d.year >= ?4) AND (?5 IS NULL OR d.year <= ?5)\n"
	"GROUP BY d.organisation, f.name, f.severity\n"
	"ORDER BY d.organisation, f.name, f.severity";

/* Write n bytes to path atomically: into PATH.PID.tmp beside it, flushed to
 * disk, then renamed over path, so a reader (or a crash) sees the old file
 * or the whole new one, never half a chart.  On failure the temporary file
 * is removed and why says what went wrong. */
static int write_file(const char *path, const void *data, size_t n, char *why, size_t whylen)
{
	struct ak_buf tmp;
	const char *p = data;
	int fd, rc = 0, e = 0;

	ak_buf_init(&tmp, 0);
	ak_buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	if (tmp.err) {
		ak_buf_release(&tmp);
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		e = errno;
		rc = -1;
	}
	while (rc == 0 && n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			e = k < 0 ? errno : EIO;
			rc = -1;
			break;
		}
		p += k;
		n -= (size_t)k;
	}
	if (rc == 0 && fsync(fd) != 0) {
		e = errno;
		rc = -1;
	}
	if (fd >= 0 && close(fd) != 0 && rc == 0) {
		e = errno;
		rc = -1;
	}
	if (rc == 0 && rename(tmp.ptr, path) != 0) {
		e = errno;
		rc = -1;
	}
	if (rc != 0) {
		char msg[128];
		if (fd >= 0)
			unlink(tmp.ptr);
		if (strerror_r(e, msg, sizeof(msg)) != 0)
			snprintf(msg, sizeof(msg), "error %d", e);
		snprintf(why, whylen, "%s", msg);
	}
	ak_buf_release(&tmp);
	return rc;
}

enum plot_kind { PLOT_NONE = 0, PLOT_SVG, PLOT_PNG };

/* The chart's format from the file name's extension (ASCII case ignored). */
static enum plot_kind plot_kind(const char *path, const char **ext)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
	*ext = NULL;
	if (!dot || (slash && dot < slash) || dot == path || dot[-1] == '/')
		return PLOT_NONE;
	*ext = dot;
	if (strlen(dot) != 4)
		return PLOT_NONE;
	if ((dot[1] | 0x20) == 's' && (dot[2] | 0x20) == 'v' && (dot[3] | 0x20) == 'g')
		return PLOT_SVG;
	if ((dot[1] | 0x20) == 'p' && (dot[2] | 0x20) == 'n' && (dot[3] | 0x20) == 'g')
		return PLOT_PNG;
	return PLOT_NONE;
}

/* Keep the first row per (organisation, year): the plot's points. */
static void first_per_year(struct ak_qres *r)
{
	int cy = ak_qres_col(r, "year"), co = ak_qres_col(r, "organisation");
	size_t i, keep = 0, j;
	for (i = 0; i < r->nrow; i++) {
		int dup = 0;
		if (keep) {
			const struct ak_qcell *py = ak_qres_cell(r, keep - 1, (size_t)cy);
			const struct ak_qcell *po = ak_qres_cell(r, keep - 1, (size_t)co);
			const struct ak_qcell *y = ak_qres_cell(r, i, (size_t)cy);
			const struct ak_qcell *o = ak_qres_cell(r, i, (size_t)co);
			dup = py->type == y->type && py->i == y->i && po->type == o->type &&
			      (o->type != AK_SV_TEXT ||
			       (po->n == o->n && memcmp(po->s, o->s, o->n) == 0));
		}
		if (dup) {
			for (j = 0; j < r->ncol; j++)
				free(r->cells[i * r->ncol + j].s);
			continue;
		}
		if (keep != i)
			memcpy(&r->cells[keep * r->ncol], &r->cells[i * r->ncol],
			       r->ncol * sizeof(*r->cells));
		keep++;
	}
	r->nrow = keep;
}

/* Draw the series in res (one point per organisation and year) into path. */
static int plot(struct ak_qres *res, const char *title, const char *path, enum plot_kind kind,
                struct ak_buf *err)
{
	char why[256] = "";
	int rc;

	first_per_year(res);
	if (kind == PLOT_PNG) {
		unsigned char *png = NULL;
		size_t n = 0;
		rc = ak_qres_plot_png(&png, &n, res, title, why, sizeof(why));
		if (rc == 0 && (rc = write_file(path, png, n, why, sizeof(why))) != 0)
			ak_buf_printf(err, "arkiv query: %s: cannot write the chart: %s\n", path, why);
		else if (rc != 0)
			ak_buf_printf(err, "arkiv query: %s: cannot draw the chart: %s\n", path, why);
		free(png);
	} else {
		struct ak_buf svg;
		ak_buf_init(&svg, 0);
		rc = ak_qres_plot_svg(&svg, res, title);
		if (rc != 0)
			ak_buf_printf(err, "arkiv query: %s: cannot draw the chart: %s\n", path,
			              ak_strerror(rc));
		else if ((rc = write_file(path, svg.ptr ? svg.ptr : "", svg.len, why,
		                          sizeof(why))) != 0)
			ak_buf_printf(err, "arkiv query: %s: cannot write the chart: %s\n", path, why);
		ak_buf_release(&svg);
	}
	return rc;
}

int ak_query_exec(int argc, char **argv, struct ak_buf *out, struct ak_buf *err)
{
	struct qopts o;
	struct params p;
	struct ak_store *s = NULL;
	struct ak_store_opts so = { AK_STORE_RDONLY, 0, 0 };
	struct ak_qres res;
	struct ak_buf tmp;
	const char *sql = NULL, *ext = NULL;
	char why[512];
	int rc, ro_check = 0, status = Q_OK;
	enum plot_kind kind = PLOT_NONE;

	rc = parse_args(&o, argc, argv, err);
	if (rc > 0) {
		ak_buf_puts(out, usage_text);
		return Q_OK;
	}
	if (rc < 0)
		return Q_USAGE;
	memset(&p, 0, sizeof(p));
	memset(&res, 0, sizeof(res));
	ak_buf_init(&tmp, 1 << 20);

	if (strcmp(o.sub, "documents") == 0 && o.nargs == 0) {
		sql = sql_documents;
		p_text(&p, o.org);
		p_int(&p, o.year_from, 1);
		p_int(&p, o.year_to, 1);
		p_text(&p, o.status);
	} else if (strcmp(o.sub, "decisions") == 0 && o.nargs == 0) {
		sql = o.org && !o.text ? sql_decisions_org : sql_decisions;
		p_text(&p, o.org);
		p_int(&p, o.year_from, 1);
		p_int(&p, o.year_to, 1);
		p_text(&p, o.type);
		if (o.text) {
			fts_query(&tmp, o.text);
			if (tmp.err) {
				ak_buf_puts(err, "arkiv query: --text is too long\n");
				ak_buf_release(&tmp);
				return Q_USAGE;
			}
		}
		p_text(&p, o.text && tmp.len ? tmp.ptr : NULL);
		p_text(&p, o.kind);
	} else if (strcmp(o.sub, "series") == 0 && o.nargs == 1) {
		sql = o.org ? sql_series_org : sql_series;
		ak_store_label_key(&tmp, o.args[0]);
		p_text(&p, tmp.ptr ? tmp.ptr : "");
		p_text(&p, o.org);
		p_text(&p, o.column);
		p_int(&p, o.year_from, 1);
		p_int(&p, o.year_to, 1);
	} else if (strcmp(o.sub, "findings") == 0 && o.nargs == 0) {
		sql = o.count ? sql_findings_count : sql_findings;
		p_text(&p, o.klass);
		p_text(&p, o.org);
		p_text(&p, o.severity);
		p_int(&p, o.year_from, 1);
		p_int(&p, o.year_to, 1);
	} else if (strcmp(o.sub, "sql") == 0 && o.nargs == 1) {
		sql = o.args[0];
		ro_check = 1;
	} else {
		ak_buf_printf(err, "arkiv query: '%s' with %d argument%s: see arkiv query --help\n",
		              o.sub, o.nargs, o.nargs == 1 ? "" : "s");
		ak_buf_release(&tmp);
		return Q_USAGE;
	}
	if (o.plot && strcmp(o.sub, "series") != 0) {
		ak_buf_puts(err, "arkiv query: --plot goes with series\n");
		ak_buf_release(&tmp);
		return Q_USAGE;
	}
	if (o.plot && (kind = plot_kind(o.plot, &ext)) == PLOT_NONE) {
		if (ext)
			ak_buf_printf(err, "arkiv query: %s: --plot draws .svg or .png, not '%s'\n",
			              o.plot, ext);
		else
			ak_buf_printf(err, "arkiv query: %s: --plot needs a file name ending in .svg "
			              "or .png\n", o.plot);
		ak_buf_release(&tmp);
		return Q_USAGE;
	}

	if (ak_store_open(&s, o.db, &so, why, sizeof(why)) != 0) {
		ak_buf_printf(err, "arkiv query: %s: %s\n", o.db, why);
		ak_buf_release(&tmp);
		return Q_NODB;
	}
	rc = ak_store_query(s, sql, p.v, p.n, ro_check, ak_qres_collect, &res);
	if (rc == 0 && res.err)
		rc = res.err;
	if (rc != 0) {
		ak_buf_printf(err, "arkiv query: %s\n",
		              rc == AK_ENOMEM ? "out of memory" : ak_store_errmsg(s));
		status = Q_FAILED;
	} else {
		ak_qres_write(out, &res, o.fmt);
		if (o.plot && plot(&res, o.args[0], o.plot, kind, err) != 0)
			status = Q_FAILED;
	}
	ak_qres_release(&res);
	ak_store_close(&s);
	ak_buf_release(&tmp);
	return status;
}

int ak_query_main(int argc, char **argv)
{
	struct ak_buf out, err;
	int rc;

	ak_buf_init(&out, 0);
	ak_buf_init(&err, 0);
	rc = ak_query_exec(argc, argv, &out, &err);
	if (out.err && rc == Q_OK) {
		fprintf(stderr, "arkiv query: output: %s\n", ak_strerror(out.err));
		rc = Q_FAILED;
	}
	if (out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	if (err.len)
		fwrite(err.ptr, 1, err.len, stderr);
	ak_buf_release(&out);
	ak_buf_release(&err);
	return rc;
}
