/*
 * main.c - the arkiv command line: option parsing and the subcommand table.
 *
 * Why thin: every subcommand is "run these stages over these files, then
 * show the documents this way".  main.c parses options into a struct
 * ak_config, picks the stage range, and prints what the runner hands back,
 * in input order.  Stages never print; this is the only file that does,
 * apart from the runner's progress line.
 *
 * Exit status (documented in README.md):
 *   0  every input processed, no finding at or above --fail-on
 *   1  one or more inputs failed (each named on stderr with the reason)
 *   2  usage error
 *   3  the batch could not start (out of memory, store cannot open, ...)
 *   4  findings at or above the --fail-on level (check)
 */
#include "arkiv.h"
#include "output.h"
#include "repair.h"
#include "query.h"
#include "structure.h"
#include "tables.h"
#include "checks.h"
#include "report.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2, EXIT_FATAL = 3, EXIT_FINDINGS = 4 };

struct cli {
	const struct cmd *cmd;
	unsigned json_flags;
	int fail_on;      /* -1 = never, else minimum severity that fails */
	int worst_found;  /* worst severity seen among documents, -1 none */
	int diff;         /* repair --diff */
};

struct cmd {
	const char *name;
	const char *until;  /* last stage to run ("" = all) */
	void (*emit)(struct ak_ctx *, struct doc *, void *);
	const char *help;
};

static void note_worst(struct cli *cli, const struct doc *d)
{
	int any;
	enum ak_severity w = ak_doc_worst(d, &any);
	if (any && (int)w > cli->worst_found)
		cli->worst_found = (int)w;
}

static void emit_doc(struct ak_ctx *ctx, struct doc *d, void *ud)
{
	struct cli *cli = ud;
	struct ak_buf b;

	if (d->err) {
		fprintf(stderr, "arkiv: %s: %s (stage %s)\n", d->path, d->errmsg,
		        d->err_stage ? d->err_stage : "?");
		if (ctx->cfg.format != AK_OUT_JSON)
			return;
	}
	note_worst(cli, d);
	ak_buf_init(&b, 0);
	if (strcmp(cli->cmd->name, "extract") == 0) {
		ak_structure_write_json(&b, d);
		ak_buf_putc(&b, '\n');
	} else if (strcmp(cli->cmd->name, "tables") == 0) {
		if (ctx->cfg.format == AK_OUT_JSON) {
			ak_tables_write_json(&b, d);
			ak_buf_putc(&b, '\n');
		} else {
			ak_tables_write_tsv(&b, d);
		}
	} else if (strcmp(cli->cmd->name, "check") == 0) {
		if (ctx->cfg.format == AK_OUT_HTML) {
			char why[512];
			const char *dir = ctx->cfg.out_dir ? ctx->cfg.out_dir : "arkiv-report";
			if (ak_report_write(d, dir, why, sizeof(why)) != 0)
				fprintf(stderr, "arkiv: %s: report: %s\n", d->path, why);
			ak_checks_write_text(&b, d);
		} else if (ctx->cfg.format == AK_OUT_JSON)
			ak_checks_write_json(&b, d);
		else
			ak_checks_write_text(&b, d);
		if (ctx->cfg.format == AK_OUT_JSON)
			ak_buf_putc(&b, '\n');
	} else if (ctx->cfg.format == AK_OUT_JSON) {
		ak_write_json(&b, d, cli->json_flags);
		ak_buf_putc(&b, '\n');
	} else if (strcmp(cli->cmd->name, "run") == 0) {
		if (d->skipped) /* its findings are the stored ones, not recounted */
			ak_buf_printf(&b, "%s\t%s\t%zu pages\tunchanged, already stored\n", d->path,
			              ak_format_name(d->format), d->npages);
		else
			ak_buf_printf(&b, "%s\t%s\t%zu pages\t%zu findings\n", d->path,
			              ak_format_name(d->format), d->npages, d->nfindings);
	} else if (cli->diff && strcmp(cli->cmd->name, "repair") == 0) {
		size_t k;
		for (k = 0; k < d->nedits; k++) {
			const struct ak_edit *e = &d->edits[k];
			ak_buf_printf(&b, "%s:%d:%d: %s -> %s\t%s %.2f\n", d->path, e->page, e->line,
			              e->before, e->after, e->reason, (double)e->score);
		}
	} else {
		if (ctx->docs_total > 1)
			ak_buf_printf(&b, "==> %s <==\n", d->path);
		ak_write_text(&b, d);
	}
	if (b.err)
		fprintf(stderr, "arkiv: %s: output: %s\n", d->path, ak_strerror(b.err));
	else
		fwrite(b.ptr, 1, b.len, stdout);
	ak_buf_release(&b);
}

static const struct cmd commands[] = {
	{ "ocr", "ocr", emit_doc, "ingest and OCR; print text or JSON with words, boxes, confidences" },
	{ "repair", "repair", emit_doc, "restore Swedish letters (encodings, OCR); --diff lists the edits" },
	{ "extract", "structure", emit_doc, "sections, decisions, attendees and metadata as JSON" },
	{ "tables", "tables", emit_doc, "tables and their figures as TSV (default) or JSON" },
	{ "check", "check", emit_doc, "recompute totals and stated sums; report what does not add up" },
	{ "run", "", emit_doc, "the whole pipeline over files and folders (recursively)" },
	{ NULL, NULL, NULL, NULL }
};

static void usage(FILE *f)
{
	size_t i;
	fprintf(f,
	        "usage: arkiv COMMAND [options] PATH...\n"
	        "\n"
	        "commands:\n");
	for (i = 0; commands[i].name; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "  %-8s %s\n", "query", "ask the store (see arkiv query --help)");
	fprintf(f,
	        "\n"
	        "options:\n"
	        "  -j, --jobs N        worker threads (default: number of cores)\n"
	        "  -f, --format F      text | json | tsv | html (html: check writes a report to --out DIR)\n"
	        "      --out DIR       report folder for check --format html (default arkiv-report)\n"
	        "      --words         with --format json: every word with box and confidence\n"
	        "      --timings       with --format json: per-stage timings (not stable)\n"
	        "  -l, --lang L        Tesseract languages (default swe)\n"
	        "      --tessdata DIR  folder holding *.traineddata\n"
	        "      --prep LIST     preprocessing: osd,deskew,normbg,binarize,denoise,none\n"
	        "      --dpi N         render PDF pages at N dpi for OCR (default 300)\n"
	        "      --db FILE       SQLite store (default arkiv.db for run)\n"
	        "      --from STAGE    first stage to run;  --until STAGE  last stage\n"
	        "      --repair MODE   off | safe | full (default full)\n"
	        "      --force         redo documents already in the store\n"
	        "      --no-progress   no progress line on stderr\n"
	        "      --no-group      one document per file (default: numbered page images\n"
	        "                      of one folder, name-p01.png name-p02.png ..., are one document)\n"
	        "  -h, --help          this text;  -V, --version  the version\n"
	        "\n"
	        "exit status: 0 ok, 1 some inputs failed, 2 usage, 3 could not start,\n"
	        "4 findings at or above --fail-on\n");
}

static int parse_prep(const char *s, unsigned *out)
{
	static const struct { const char *name; unsigned bit; } tab[] = {
		{ "osd", AK_PREP_OSD }, { "deskew", AK_PREP_DESKEW },
		{ "normbg", AK_PREP_NORMBG }, { "binarize", AK_PREP_BINARIZE },
		{ "denoise", AK_PREP_DENOISE }, { "none", 0 },
	};
	unsigned v = 0;
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, ","), i;
		int ok = 0;
		for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
			if (strlen(tab[i].name) == n && strncmp(tab[i].name, p, n) == 0) {
				v |= tab[i].bit;
				ok = 1;
			}
		if (!ok)
			return -1;
		p += n;
		if (*p == ',')
			p++;
	}
	*out = v;
	return 0;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	long v = 0;
	const char *p = s;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
		if (v > hi)
			return -1;
	}
	if (v < lo)
		return -1;
	*out = (int)v;
	return 0;
}

static void walk_error(const char *path, const char *why, void *ud)
{
	int *nerr = ud;
	fprintf(stderr, "arkiv: %s: %s\n", path, why);
	(*nerr)++;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "tessdata", required_argument, NULL, 1 },
		{ "prep", required_argument, NULL, 2 },
		{ "dpi", required_argument, NULL, 3 },
		{ "db", required_argument, NULL, 4 },
		{ "from", required_argument, NULL, 5 },
		{ "until", required_argument, NULL, 6 },
		{ "repair", required_argument, NULL, 7 },
		{ "force", no_argument, NULL, 8 },
		{ "no-progress", no_argument, NULL, 9 },
		{ "words", no_argument, NULL, 10 },
		{ "timings", no_argument, NULL, 11 },
		{ "fail-on", required_argument, NULL, 12 },
		{ "diff", no_argument, NULL, 13 },
		{ "out", required_argument, NULL, 14 },
		{ "no-group", no_argument, NULL, 15 },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_config cfg;
	struct ak_ctx ctx;
	struct cli cli;
	struct ak_input *inputs = NULL;
	size_t ninputs = 0, i;
	int c, walk_errors = 0, db_given = 0, rc, group = 1;
	long failed;
	const char *from = NULL, *until = NULL;

	/* Tesseract's OpenMP threads make a page several times slower when
	 * our own workers already use every core: one thread per engine.
	 * Must be set before the OpenMP runtime starts. */
	setenv("OMP_THREAD_LIMIT", "1", 1);

	memset(&cli, 0, sizeof(cli));
	cli.fail_on = -1;
	cli.worst_found = -1;
	ak_config_defaults(&cfg);

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("arkiv %s\n", AK_VERSION);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "query") == 0) /* not a document pipeline */
		return ak_query_main(argc - 1, argv + 1);
	for (i = 0; commands[i].name; i++)
		if (strcmp(commands[i].name, argv[1]) == 0)
			cli.cmd = &commands[i];
	if (!cli.cmd) {
		fprintf(stderr, "arkiv: unknown command '%s' (see arkiv --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	ak_arena_keep_memory(); /* a batch: memory freed is needed again */
	argv++;
	argc--;
	while ((c = getopt_long(argc, argv, "j:f:l:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			if (parse_int(optarg, 1, 256, &cfg.jobs)) {
				fprintf(stderr, "arkiv: --jobs takes a number from 1 to 256\n");
				return EXIT_USAGE;
			}
			break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				cfg.format = AK_OUT_JSON;
			else if (strcmp(optarg, "text") == 0)
				cfg.format = AK_OUT_TEXT;
			else if (strcmp(optarg, "tsv") == 0)
				cfg.format = AK_OUT_TSV;
			else if (strcmp(optarg, "html") == 0)
				cfg.format = AK_OUT_HTML;
			else {
				fprintf(stderr, "arkiv: --format takes text, json, tsv or html\n");
				return EXIT_USAGE;
			}
			break;
		case 'l': cfg.lang = optarg; break;
		case 1: cfg.tessdata = optarg; break;
		case 2:
			if (parse_prep(optarg, &cfg.prep)) {
				fprintf(stderr, "arkiv: --prep takes a list of osd,deskew,normbg,binarize,denoise,none\n");
				return EXIT_USAGE;
			}
			break;
		case 3:
			if (parse_int(optarg, 50, 1200, &cfg.render_dpi)) {
				fprintf(stderr, "arkiv: --dpi takes a number from 50 to 1200\n");
				return EXIT_USAGE;
			}
			break;
		case 4: cfg.db_path = optarg; db_given = 1; break;
		case 5: from = optarg; break;
		case 6: until = optarg; break;
		case 7:
			if (strcmp(optarg, "off") == 0) cfg.repair = AK_REPAIR_OFF;
			else if (strcmp(optarg, "safe") == 0) cfg.repair = AK_REPAIR_SAFE;
			else if (strcmp(optarg, "full") == 0) cfg.repair = AK_REPAIR_FULL;
			else {
				fprintf(stderr, "arkiv: --repair takes off, safe or full\n");
				return EXIT_USAGE;
			}
			break;
		case 8: cfg.force = 1; break;
		case 9: cfg.progress = 0; break;
		case 10: cli.json_flags |= AK_JSON_WORDS; break;
		case 11: cli.json_flags |= AK_JSON_TIMINGS; break;
		case 12:
			if (strcmp(optarg, "genuine") == 0) cli.fail_on = AK_SEV_ERROR;
			else if (strcmp(optarg, "misread") == 0) cli.fail_on = AK_SEV_WARNING;
			else if (strcmp(optarg, "any") == 0) cli.fail_on = AK_SEV_INFO;
			else {
				fprintf(stderr, "arkiv: --fail-on takes genuine, misread or any\n");
				return EXIT_USAGE;
			}
			break;
		case 13: cli.diff = 1; break;
		case 14: cfg.out_dir = optarg; break;
		case 15: group = 0; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("arkiv %s\n", AK_VERSION); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "arkiv %s: no input files (see arkiv --help)\n", cli.cmd->name);
		return EXIT_USAGE;
	}
	cli.json_flags |= AK_JSON_TEXT;

	/* Stage range: the command's own, narrowed by --from/--until. */
	{
		size_t ns;
		ak_stages(&ns);
		cfg.from = 0;
		cfg.until = (int)ns - 1;
		if (cli.cmd->until[0]) {
			int k = ak_stage_index(cli.cmd->until);
			if (k >= 0)
				cfg.until = k;
		}
		if (from && (cfg.from = ak_stage_index(from)) < 0) {
			fprintf(stderr, "arkiv: --from: no stage named '%s'\n", from);
			return EXIT_USAGE;
		}
		if (until && (cfg.until = ak_stage_index(until)) < 0) {
			fprintf(stderr, "arkiv: --until: no stage named '%s'\n", until);
			return EXIT_USAGE;
		}
	}
	if (!db_given && strcmp(cli.cmd->name, "run") == 0)
		cfg.db_path = "arkiv.db";

	if (ak_expand_inputs(&inputs, &ninputs, argv + optind, (size_t)(argc - optind), group,
	                     walk_error, &walk_errors) != 0) {
		fprintf(stderr, "arkiv: out of memory listing inputs\n");
		return EXIT_FATAL;
	}
	if (ak_ctx_init(&ctx, &cfg) != 0) {
		ak_free_inputs(&inputs, ninputs);
		fprintf(stderr, "arkiv: cannot start\n");
		return EXIT_FATAL;
	}
	failed = ak_run_inputs(&ctx, inputs, ninputs, cli.cmd->emit, &cli);
	ak_ctx_release(&ctx);
	ak_free_inputs(&inputs, ninputs);
	fflush(stdout);

	if (failed < 0) {
		fprintf(stderr, "arkiv: batch could not run: %s\n", ak_strerror((int)failed));
		return EXIT_FATAL;
	}
	rc = EXIT_OK;
	if (failed > 0 || walk_errors > 0)
		rc = EXIT_SOME_FAILED;
	if (rc == EXIT_OK && cli.fail_on >= 0 && cli.worst_found >= cli.fail_on)
		rc = EXIT_FINDINGS;
	return rc;
}
