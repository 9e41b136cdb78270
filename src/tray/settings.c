/* SPDX-License-Identifier: MIT */
/* settings.c - tray.ini, the tray's own settings (see tray.h).
 *
 *   [tray]
 *   interval_hours = 6      scheduled scans, 1 to 168
 *   paused = false          Pause monitoring
 *   [state]
 *   last_viewed = 0         when Recent mentions was last opened (Unix time)
 *   last_scan = 0           when the tray's last scan ended
 */
#include "tray.h"

static int64_t
get_int64(GKeyFile *kf, const char *group, const char *key, int64_t fallback)
{
	GError *e = NULL;
	gint64 v = g_key_file_get_int64(kf, group, key, &e);

	if (e) {
		g_error_free(e);
		return fallback;
	}
	return v;
}

void
tray_settings_load(const char *path, tray_settings *s)
{
	GKeyFile *kf = g_key_file_new();
	int64_t n;

	s->interval_hours = TRAY_INTERVAL_DEFAULT;
	s->paused = FALSE;
	s->last_viewed = 0;
	s->last_scan = 0;
	if (g_key_file_load_from_file(kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL)) {
		n = get_int64(kf, "tray", "interval_hours", TRAY_INTERVAL_DEFAULT);
		s->interval_hours = n < TRAY_INTERVAL_MIN || n > TRAY_INTERVAL_MAX ? TRAY_INTERVAL_DEFAULT : (int)n;
		s->paused = g_key_file_get_boolean(kf, "tray", "paused", NULL);
		s->last_viewed = get_int64(kf, "state", "last_viewed", 0);
		s->last_scan = get_int64(kf, "state", "last_scan", 0);
	}
	g_key_file_free(kf);
}

gboolean
tray_settings_save(const char *path, const tray_settings *s, GError **error)
{
	GKeyFile *kf = g_key_file_new();
	char *dir = g_path_get_dirname(path);
	gboolean ok;

	/* keep whatever else the user wrote there, comments included */
	g_key_file_load_from_file(kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
	g_key_file_set_integer(kf, "tray", "interval_hours", s->interval_hours);
	g_key_file_set_boolean(kf, "tray", "paused", s->paused);
	g_key_file_set_int64(kf, "state", "last_viewed", s->last_viewed);
	g_key_file_set_int64(kf, "state", "last_scan", s->last_scan);
	g_mkdir_with_parents(dir, 0700);
	ok = g_key_file_save_to_file(kf, path, error);
	g_key_file_free(kf);
	g_free(dir);
	return ok;
}

tray_cfg *
tray_cfg_new(rw_config *cfg)
{
	tray_cfg *c = g_new0(tray_cfg, 1);

	c->cfg = cfg;
	c->refs = 1;
	return c;
}

tray_cfg *
tray_cfg_ref(tray_cfg *c)
{
	if (c)
		g_atomic_int_inc(&c->refs);
	return c;
}

void
tray_cfg_unref(tray_cfg *c)
{
	if (c && g_atomic_int_dec_and_test(&c->refs)) {
		rw_config_free(&c->cfg);
		g_free(c);
	}
}
