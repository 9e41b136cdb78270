/* SPDX-License-Identifier: MIT */
/* cmd-export.c - `repwatch export`: everything the store holds, as JSON lines.
 *
 * Format "repwatch-export 1" (documented in repwatch(1)): one JSON object a
 * line.  The first is {"type": "export", "format", "schema",
 * "exported_at"}; then one {"type": "source", ...} per source; then one
 * {"type": "mention", ...} per mention (those not about her too, with
 * their "not_me") with the keys of `list --format=json` plus "versions",
 * "sightings" and "evidence" arrays.  Dates
 * are UTC ISO 8601, absent values null.  Snapshot bodies are not inlined:
 * `repwatch evidence ID --out DIR` writes them with their sums.
 */
#include "cli.h"
#include "evidence.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct export {
	FILE *out;
	rw_store *s;
	rw_err *err;
	int rc;
	size_t mentions;
	json_object *arr;
};

static void
put_line(struct export *x, json_object *j)
{
	fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE), x->out);
	fputc('\n', x->out);
	json_object_put(j);
}

static int
add_version(const rw_version *v, void *data)
{
	struct export *x = data;
	json_object *j = json_object_new_object();

	json_object_object_add(j, "version", json_object_new_int(v->version));
	json_object_object_add(j, "title", cli_jstr(v->title));
	json_object_object_add(j, "body", cli_jstr(v->body));
	json_object_object_add(j, "rating", v->rating >= 0 ? json_object_new_double(v->rating) : NULL);
	json_object_object_add(j, "seen_at", cli_jdate(v->seen_at));
	json_object_object_add(j, "scan", json_object_new_int64(v->scan_id));
	json_object_object_add(j, "source", cli_jstr(v->source));
	json_object_object_add(j, "fingerprint", cli_jstr(v->hash));
	json_object_array_add(x->arr, j);
	return 0;
}

static int
add_sighting(const rw_sighting *si, void *data)
{
	struct export *x = data;
	json_object *j = json_object_new_object();

	json_object_object_add(j, "source", cli_jstr(si->source_name));
	json_object_object_add(j, "source_url", cli_jstr(si->source_url));
	json_object_object_add(j, "link", cli_jstr(si->link));
	json_object_object_add(j, "state", cli_jstr(si->state));
	json_object_object_add(j, "first_seen", cli_jdate(si->first_seen));
	json_object_object_add(j, "last_seen", cli_jdate(si->last_seen));
	json_object_object_add(j, "published", cli_jdate(si->published));
	json_object_array_add(x->arr, j);
	return 0;
}

static int
add_snapshot(const rw_snapshot *sn, void *data)
{
	struct export *x = data;
	json_object *j = json_object_new_object();

	json_object_object_add(j, "snapshot", json_object_new_int64(sn->id));
	json_object_object_add(j, "url", cli_jstr(sn->url));
	json_object_object_add(j, "effective_url", cli_jstr(sn->effective_url));
	json_object_object_add(j, "fetched_at", cli_jdate(sn->fetched_at));
	json_object_object_add(j, "http_status", json_object_new_int64(sn->status));
	json_object_object_add(j, "source", cli_jstr(sn->source));
	json_object_object_add(j, "change", cli_jstr(sn->change));
	json_object_object_add(j, "version", json_object_new_int(sn->version));
	json_object_object_add(j, "body_sha256", cli_jstr(sn->sha256));
	json_object_object_add(j, "body_bytes", json_object_new_int64((int64_t)sn->size));
	json_object_object_add(j, "body_kept", json_object_new_boolean(!sn->dropped_at));
	json_object_object_add(j, "dropped_at", cli_jdate(sn->dropped_at));
	json_object_array_add(x->arr, j);
	return 0;
}

static int
export_mention(const rw_mention *m, void *data)
{
	struct export *x = data;
	json_object *j = cli_mention_json(m);

	cli_mention_analysis_json(x->s, m->id, j);
	json_object_object_add(j, "type", json_object_new_string("mention"));
	x->arr = json_object_new_array();
	json_object_object_add(j, "versions", x->arr);
	if ((x->rc = rw_store_each_version(x->s, m->id, add_version, x, x->err)))
		goto fail;
	x->arr = json_object_new_array();
	json_object_object_add(j, "sightings", x->arr);
	if ((x->rc = rw_store_each_sighting(x->s, m->id, add_sighting, x, x->err)))
		goto fail;
	x->arr = json_object_new_array();
	json_object_object_add(j, "evidence", x->arr);
	if ((x->rc = rw_evidence_each(x->s, m->id, add_snapshot, x, x->err)))
		goto fail;
	put_line(x, j);
	x->mentions++;
	return ferror(x->out) != 0;
fail:
	json_object_put(j);
	return 1;
}

static int
export_source(const char *url, const char *name, const rw_source_state *st, void *data)
{
	struct export *x = data;
	json_object *j = json_object_new_object();
	char error[1536];

	json_object_object_add(j, "type", json_object_new_string("source"));
	json_object_object_add(j, "url", cli_jstr(url));
	json_object_object_add(j, "name", cli_jstr(name));
	json_object_object_add(j, "last_attempt", cli_jdate(st->last_attempt));
	json_object_object_add(j, "last_success", cli_jdate(st->last_success));
	json_object_object_add(j, "last_status", json_object_new_int64(st->last_status));
	json_object_object_add(j, "last_error", st->last_error ? cli_jstr(rw_reason_render(st->last_error, 0, error,
	                                                                                 sizeof(error))) : NULL);
	json_object_object_add(j, "failures", json_object_new_int(st->failures));
	put_line(x, j);
	return ferror(x->out) != 0;
}

static void
export_usage(FILE *fp)
{
	fputs(_("usage: repwatch export [--out FILE]\n\n"
	        "Write everything the database holds as JSON lines (format \"repwatch-export 1\",\n"
	        "see repwatch(1)): sources, then every mention with all its versions,\n"
	        "sightings and the list of evidence snapshots.  To standard output, or to\n"
	        "FILE, which appears only once complete.\n"), fp);
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = NULL;
	char *tmp = NULL;
	struct export x;
	rw_err err = { 0 };
	json_object *head;
	int opt, rc;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': path = optarg; break;
		case 'h': export_usage(stdout); return EXIT_FINE;
		default: export_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		export_usage(stderr);
		return EXIT_USAGE;
	}
	memset(&x, 0, sizeof(x));
	x.err = &err;
	x.out = stdout;
	if (path) {
		int fd = -1;
		/* 0600: an export holds every review and reason, whatever the umask */
		if (asprintf(&tmp, "%s.partial-%ld", path, (long)getpid()) < 0 ||
		    (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 || !(x.out = fdopen(fd, "w"))) {
			if (fd >= 0)
				close(fd);
			cli_error(_("cannot create '%s': %s"), tmp ? tmp : path, strerror(errno));
			free(tmp);
			return EXIT_STORE;
		}
	}
	if (!(x.s = cli_open_store(c))) {
		rc = RW_E_DB;
		goto out;
	}
	head = json_object_new_object();
	json_object_object_add(head, "type", json_object_new_string("export"));
	json_object_object_add(head, "format", json_object_new_string("repwatch-export 1"));
	json_object_object_add(head, "schema", json_object_new_int(RW_STORE_SCHEMA_VERSION));
	json_object_object_add(head, "exported_at", cli_jdate((int64_t)time(NULL)));
	put_line(&x, head);
	rc = rw_store_each_source(x.s, export_source, &x, &err);
	if (!rc) {
		/* everything: those not about her too, saying so ("not_me") */
		static const rw_mention_filter everything = { .with_not_me = 1 };
		rc = rw_store_each_mention(x.s, &everything, export_mention, &x, &err);
	}
	if (!rc)
		rc = x.rc;
	if (!rc && (fflush(x.out) != 0 || ferror(x.out) || (path && fsync(fileno(x.out)) < 0)))
		rc = rw_err_set(&err, RW_E_IO, "cannot write '%s': %s", path ? path : _("standard output"), strerror(errno));
	if (path) {
		if (fclose(x.out) != 0 && !rc)
			rc = rw_err_set(&err, RW_E_IO, "cannot write '%s': %s", path, strerror(errno));
		x.out = NULL;
		if (!rc && rename(tmp, path) < 0)
			rc = rw_err_set(&err, RW_E_IO, "cannot write '%s': %s", path, strerror(errno));
	}
	if (rc)
		cli_error("%s", err.msg);
	else if (path && !c->quiet)
		cli_warn(_("exported %zu mentions to '%s'"), x.mentions, path);
out:
	if (path && x.out)
		fclose(x.out);
	if (tmp) {
		if (rc)
			unlink(tmp);
		free(tmp);
	}
	rw_store_close(&x.s);
	return rc ? cli_exit_for(rc) : EXIT_FINE;
}
