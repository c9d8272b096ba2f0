export const id = 713;
export const ids = [713];
export const modules = {

/***/ 8713:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   githubClient: () => (/* binding */ githubClient)
/* harmony export */ });
/* unused harmony export upsertStickyComment */
/* harmony import */ var _octokit_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4730);
/* harmony import */ var _octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3779);
/* harmony import */ var _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9210);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6856);
/* harmony import */ var _commands__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8448);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7817);
/* harmony import */ var _http__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4225);
/**
 * Octokit with retry and throttling, honouring GITHUB_API_URL (GHES and the tests' loopback API).
 * Imported by path (`@shipkit/kit/github`) so actions that do not talk to GitHub never load it.
 */








const ShipkitOctokit = _octokit_core__WEBPACK_IMPORTED_MODULE_3__/* .Octokit */ .E.plugin(_octokit_plugin_paginate_rest__WEBPACK_IMPORTED_MODULE_4__/* .paginateRest */ .ud, _octokit_plugin_rest_endpoint_methods__WEBPACK_IMPORTED_MODULE_5__/* .restEndpointMethods */ ._, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_6__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_7__/* .throttling */ .A);
function githubClient(options, env = process.env) {
    if (!options.token)
        throw new _errors__WEBPACK_IMPORTED_MODULE_1__/* .ConfigurationError */ .j1('a GitHub token is required: pass `github-token` (the default `${{ github.token }}` works in workflows)', 'github-token');
    const retries = options.retries ?? 3;
    const retryAfterBaseValue = options.retryAfterBaseValue ?? 1000;
    return new ShipkitOctokit({
        auth: options.token,
        baseUrl: (options.baseUrl ?? env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
        userAgent: _http__WEBPACK_IMPORTED_MODULE_2__/* .USER_AGENT */ ._O,
        // Not `request.retries`: set there, the retry plugin retries every failure, a 404 or 422 and
        // secondary rate limits included (which it would hammer instead of waiting them out).
        retry: { retries, retryAfterBaseValue },
        throttle: {
            retryAfterBaseValue,
            onRateLimit: (retryAfter, opts, _o, retryCount) => {
                (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e)(`GitHub rate limit hit for ${opts.method} ${opts.url}; retrying in ${retryAfter} s`);
                return retryCount < retries;
            },
            onSecondaryRateLimit: (retryAfter, opts, _o, retryCount) => {
                (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz)(`GitHub secondary rate limit for ${opts.method} ${opts.url}; retry in ${retryAfter} s`);
                return retryCount < retries;
            },
        },
        log: { debug: () => { }, info: () => { }, warn: (m) => (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz)(m), error: (m) => (0,_commands__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz)(m) },
    });
}
/** Finds the comment carrying `marker` on an issue/PR and updates it, or creates one. */
async function upsertStickyComment(client, target, marker, body) {
    const hidden = `<!-- ${marker} -->`;
    const full = body.includes(hidden) ? body : `${hidden}\n${body}`;
    for await (const page of client.paginate.iterator(client.rest.issues.listComments, {
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        per_page: 100,
    })) {
        const found = page.data.find((c) => c.body?.includes(hidden));
        if (found) {
            const res = await client.rest.issues.updateComment({
                owner: target.owner,
                repo: target.repo,
                comment_id: Number(found.id),
                body: full,
            });
            return { url: res.data.html_url, id: Number(res.data.id), created: false, previousBody: found.body ?? undefined };
        }
    }
    const res = await client.rest.issues.createComment({
        owner: target.owner,
        repo: target.repo,
        issue_number: target.issueNumber,
        body: full,
    });
    return { url: res.data.html_url, id: Number(res.data.id), created: true };
}


/***/ })

};
