/* SPDX-License-Identifier: MIT */
#include "curlinit.h"

#include <pthread.h>

#include <curl/curl.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CURLcode result = CURLE_FAILED_INIT;

static void
init_once(void)
{
	result = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int
rw_curlinit(rw_err *err)
{
	pthread_once(&once, init_once);
	if (result != CURLE_OK)
		return rw_err_set(err, RW_E_NET, "cannot initialise libcurl: %s", curl_easy_strerror(result));
	return RW_OK;
}
