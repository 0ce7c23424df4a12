package org.saferwayout.agency.testapp.hostile;

/** The kinds of hostile input the fuzz tests generate (issue 9, deliverable 3); counted per run. */
public enum HostileClass {
    /** A valid document padded past the body limit, with and without a declared length. */
    OVERSIZED_JSON,
    /** Arrays and objects nested hundreds to thousands deep, at the root or in a field. */
    DEEPLY_NESTED_JSON,
    /** A field, path or query value of another JSON type: numbers, booleans, null, arrays, objects. */
    WRONG_TYPES,
    /** Values no enum of the API declares, in bodies, paths (actions) and query parameters. */
    UNKNOWN_ENUM_VALUES,
    /** MongoDB query operators ($where, $ne, $gt, $regex, ...) as values, keys, and query-parameter names. */
    MONGO_OPERATOR_INJECTION,
    /** Traversal sequences (plain, encoded, double-encoded, overlong UTF-8, backslashes) in record ids. */
    PATH_TRAVERSAL,
    /** CR LF, forwarded-host and other headers carrying injected values, including the declared ones. */
    HEADER_INJECTION,
    /** Truncated, non-JSON, wrongly encoded and empty bodies. */
    MALFORMED_JSON,
    /** The same key twice in one object. */
    DUPLICATE_KEYS,
    /** Out-of-range, overflowing, repeated and unknown query parameters. */
    HOSTILE_QUERY_PARAMETERS,
    /** Arbitrary Unicode (controls, surrogates, right-to-left marks) carrying a personal-data canary. */
    HOSTILE_STRINGS,
    /** Content types and Accept headers the operation does not speak. */
    WRONG_MEDIA_TYPES
}
