/* SPDX-License-Identifier: MIT */
/* The mail templates of feeds/mail/ (mailread.h) on the notification
 * e-mails of tests/data/mail/ (written by make.py there: fictional people,
 * the platforms' layouts with their tracking links, footers and encodings),
 * and IMAP's folder names (imap.h). */
#include "date.h"
#include "imap.h"
#include "mailread.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *
slurp(const char *name, size_t *len)
{
	char path[1024];
	FILE *fp;
	char *buf = NULL;
	long n;

	snprintf(path, sizeof(path), "%s/mail/%s", TEST_DATA, name);
	if (!(fp = fopen(path, "rb")))
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n + 1))) {
		*len = fread(buf, 1, (size_t)n, fp);
		buf[*len] = '\0';
	}
	fclose(fp);
	return buf;
}

/* Read one fixture into a fresh feed. */
static rw_feed *
read_mail(const rw_mail_templates *ts, const char *name, rw_mail_seen *seen, int *rc, rw_err *err)
{
	size_t len = 0;
	char *raw = slurp(name, &len);
	rw_feed *f = calloc(1, sizeof(*f));

	ok(raw != NULL, "%s: fixture read", name);
	rw_err_clear(err);
	*rc = rw_mail_read(ts, raw, len, 0, f, 100, seen, err);
	free(raw);
	return f;
}

int
main(void)
{
	char data[1024], user[1024];
	rw_mail_templates *ts;
	rw_mail_seen seen;
	rw_err err = { 0 };
	rw_feed *f;
	char *q;
	int rc;

	snprintf(data, sizeof(data), "%s/mail", FEEDS_DIR);
	ts = rw_mail_templates_load(data, "/nonexistent", &err);
	ok(ts != NULL, "the shipped mail templates load: %s", err.msg);
	if (!ts)
		return tap_done();
	ok(rw_mail_templates_count(ts) >= 5, "five templates or more (%zu)", rw_mail_templates_count(ts));

	/* Google Alerts: each result an item, its real link unwrapped */
	f = read_mail(ts, "google-alert-fr.eml", &seen, &rc, &err);
	is_int(rc, RW_OK, "google alert read: %s", err.msg);
	is_str(seen.template_id, "google-alerts", "...by the google-alerts template");
	is_str(seen.from, "googlealerts-noreply@google.com", "...its sender");
	is_str(seen.subject, "Alerte Google – « Jeanne Dupont »", "...its subject, RFC 2047 decoded");
	is_int((long long)f->nitems, 3, "three results, none of the share, feedback or footer links");
	if (f->nitems == 3) {
		is_str(f->items[0].title, "La dermatologue Jeanne Dupont ouvre un second cabinet à Lyon", "title");
		is_str(f->items[0].link,
		       "https://www.leprogres-lyon.example/sante/2026/12/06/la-dermatologue-jeanne-dupont-ouvre-un-second-cabinet",
		       "the link unwrapped from google.com/url?...&url=");
		is_str(f->items[0].id, f->items[0].link, "item_id = link: the same result in two alerts is one mention");
		is_str(f->items[0].author, "Le Progrès Lyon", "the publisher");
		ok(f->items[0].content && strstr(f->items[0].content, "second cabinet à Villeurbanne"),
		   "the snippet, quoted-printable UTF-8 decoded: %s", f->items[0].content ? f->items[0].content : "(none)");
		is_str(f->items[1].link, "https://forum-sante.example/t/avis-dermato-lyon-6e?page=2",
		       "an encoded target is decoded once");
		is_int(f->items[0].published, 1796652765, "no date in the result: the mail's (06:12:45 -0800)");
		is_str(f->items[0].category, "other", "the template's category as the item's hint");
	}
	rw_feed_free(f);

	/* Google Business Profile: one review, HTML in base64 */
	f = read_mail(ts, "gbp-review.eml", &seen, &rc, &err);
	is_int(rc, RW_OK, "GBP review read: %s", err.msg);
	is_str(seen.template_id, "google-business-review", "...by its template");
	ok(f->nitems == 1, "one item");
	if (f->nitems == 1) {
		is_str(f->items[0].title, "Nouvel avis sur « Dr Jeanne Dupont - Dermatologue »", "titled by the subject");
		ok(f->items[0].content && strstr(f->items[0].content, "Deux heures d'attente"), "the review's text");
		ok(f->items[0].rating == 2 && f->items[0].rating_best == 5, "2/5 from the stars' label (%g/%g)",
		   f->items[0].rating, f->items[0].rating_best);
		is_str(f->items[0].author, "Camille Martin", "the reviewer");
		is_str(f->items[0].id, "mail:gbp-review-7f3a9c@google.com#1", "identified by the Message-ID");
		is_str(f->items[0].category, "review", "a review");
	}
	rw_feed_free(f);

	/* PagesJaunes: latin-1 quoted-printable HTML, a decimal comma */
	f = read_mail(ts, "pagesjaunes-review.eml", &seen, &rc, &err);
	is_int(rc, RW_OK, "PagesJaunes review read: %s", err.msg);
	is_str(seen.template_id, "pagesjaunes-review", "...by its template");
	is_str(seen.subject, "Vous avez reçu un nouvel avis", "latin-1 subject decoded");
	if (f->nitems == 1) {
		ok(f->items[0].content && strstr(f->items[0].content, "Très bonne praticienne"), "latin-1 text decoded");
		ok(f->items[0].rating == 4.5, "4,5/5 read as 4.5 (%g)", f->items[0].rating);
	} else {
		ok(0, "one item (%zu)", f->nitems);
	}
	rw_feed_free(f);

	/* Trustpilot: a text part only */
	f = read_mail(ts, "trustpilot-review.eml", &seen, &rc, &err);
	is_int(rc, RW_OK, "Trustpilot review read: %s", err.msg);
	is_str(seen.template_id, "trustpilot-review", "...by its template (part = text)");
	ok(f->nitems == 1 && f->items[0].rating == 5 && f->items[0].content &&
	   strstr(f->items[0].content, "Dr Jeanne Dupont removed a mole"), "its text and its 5 stars");
	rw_feed_free(f);

	/* Facebook recommendation */
	f = read_mail(ts, "facebook-recommendation.eml", &seen, &rc, &err);
	is_int(rc, RW_OK, "Facebook recommendation read: %s", err.msg);
	is_str(seen.template_id, "facebook-recommendation", "...by its template");
	ok(f->nitems == 1 && f->items[0].rating < 0, "one item, no rating (a recommendation has none)");
	rw_feed_free(f);

	/* no template knows the sender: nothing read, no error */
	f = read_mail(ts, "unknown-sender.eml", &seen, &rc, &err);
	ok(rc == RW_OK && !seen.template_id && f->nitems == 0, "unknown sender: skipped, no error");
	is_str(seen.from, "newsletter@labo-exemple.example", "...its sender said");
	rw_feed_free(f);

	/* malformed MIME from a known sender: named */
	f = read_mail(ts, "malformed.eml", &seen, &rc, &err);
	ok(rc == RW_E_PARSE && strstr(err.msg, "multipart without its boundary"), "malformed MIME named: %s", err.msg);
	ok(f->nitems == 0, "...nothing read from it");
	rw_feed_free(f);

	/* the same mail cut by the size cap: what arrived is read */
	{
		size_t len = 0;
		char *raw = slurp("google-alert-fr.eml", &len);
		f = calloc(1, sizeof(*f));
		rc = raw ? rw_mail_read(ts, raw, len * 2 / 3, 1, f, 100, &seen, &err) : -1;
		ok(rc == RW_OK && seen.template_id, "a mail cut at two thirds, marked truncated, is still read (%zu items): %s",
		   f->nitems, err.msg);
		rw_feed_free(f);
		free(raw);
	}

	/* a user's template of the same id replaces the shipped one */
	snprintf(user, sizeof(user), "/tmp/rw-test-mailread-XXXXXX");
	if (mkdtemp(user)) {
		char path[1100];
		FILE *fp;
		rw_mail_templates *mine;
		snprintf(path, sizeof(path), "%s/mine.ini", user);
		if ((fp = fopen(path, "w"))) {
			fputs("[mail]\nid = facebook-recommendation\nfrom = someone@example.org\nverified = yes\n", fp);
			fclose(fp);
		}
		mine = rw_mail_templates_load(data, user, &err);
		f = read_mail(mine, "facebook-recommendation.eml", &seen, &rc, &err);
		ok(mine && !seen.template_id, "a user's template replaces the shipped one of its id");
		rw_feed_free(f);
		rw_mail_templates_free(&mine);
		if ((fp = fopen(path, "w"))) {
			fputs("[mail]\nid = x\nfrom = a@b.example\nverified = yes\ncolour = red\n", fp);
			fclose(fp);
		}
		mine = rw_mail_templates_load(data, user, &err);
		ok(!mine && strstr(err.msg, "mine.ini:5: [mail] unknown key 'colour'"), "a bad key is named with its line: %s",
		   err.msg);
		unlink(path);
		rmdir(user);
	}
	rw_mail_templates_free(&ts);
	ok(ts == NULL, "free NULLs the pointer");

	/* IMAP folder names: quoted, non-ASCII in modified UTF-7 (RFC 3501's examples) */
	is_str(q = rw_imap_quote_folder("INBOX"), "\"INBOX\"", "INBOX");
	free(q);
	is_str(q = rw_imap_quote_folder("Reçus"), "\"Re&AOc-us\"", "Reçus");
	free(q);
	is_str(q = rw_imap_quote_folder("~peter/mail/台北/日本語"), "\"~peter/mail/&U,BTFw-/&ZeVnLIqe-\"",
	       "RFC 3501's example");
	free(q);
	is_str(q = rw_imap_quote_folder("A&B \"x\""), "\"A&-B \\\"x\\\"\"", "& and quotes escaped");
	free(q);
	return tap_done();
}
