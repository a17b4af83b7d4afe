// The secp256k1 operations IntentMesh runs on its hot paths (award signing, intent and bid-bundle recovery), as a
// Node-API addon over the vendored libsecp256k1 (secp256k1/, see README.md). Results are written into caller-given
// buffers, so a call allocates nothing on the JS heap.
#define NAPI_VERSION 8
#include <node_api.h>

#include "secp256k1.h"
#include "secp256k1_recovery.h"

static napi_value fail(napi_env env, const char *msg) {
  napi_throw_type_error(env, NULL, msg);
  return NULL;
}

// the Uint8Array argument's bytes, only if it is exactly `len` long
static int bytes_of(napi_env env, napi_value v, unsigned char **data, size_t len) {
  napi_typedarray_type type;
  size_t n;
  void *d;
  if (napi_get_typedarray_info(env, v, &type, &n, &d, NULL, NULL) != napi_ok || type != napi_uint8_array || n != len)
    return 0;
  *data = d;
  return 1;
}

static napi_value boolean(napi_env env, int ok) {
  napi_value r;
  napi_get_boolean(env, ok, &r);
  return r;
}

// sign(hash32, key32, out65): out = r ‖ s ‖ recovery id, low-s, RFC 6979 nonce. False for a key that is not one
// (zero or not below the group order).
static napi_value sign(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  secp256k1_context *ctx;
  napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&ctx);
  unsigned char *hash, *key, *out;
  if (argc != 3 || !bytes_of(env, argv[0], &hash, 32) || !bytes_of(env, argv[1], &key, 32) ||
      !bytes_of(env, argv[2], &out, 65))
    return fail(env, "sign(hash: 32 bytes, key: 32 bytes, out: 65 bytes)");
  secp256k1_ecdsa_recoverable_signature sig;
  int recid;
  if (!secp256k1_ecdsa_sign_recoverable(ctx, &sig, hash, key, NULL, NULL)) return boolean(env, 0);
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out, &recid, &sig);
  out[64] = (unsigned char)recid;
  return boolean(env, 1);
}

// recover(hash32, sig64, recid, out65): out = the uncompressed public key. False when r or s is not below the group
// order, the recovery id is out of range, or no point recovers.
static napi_value recover(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  secp256k1_context *ctx;
  napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&ctx);
  unsigned char *hash, *sig64, *out;
  int32_t recid;
  if (argc != 4 || !bytes_of(env, argv[0], &hash, 32) || !bytes_of(env, argv[1], &sig64, 64) ||
      napi_get_value_int32(env, argv[2], &recid) != napi_ok || !bytes_of(env, argv[3], &out, 65))
    return fail(env, "recover(hash: 32 bytes, signature: 64 bytes, recovery id, out: 65 bytes)");
  secp256k1_ecdsa_recoverable_signature sig;
  secp256k1_pubkey pub;
  size_t len = 65;
  int ok = recid >= 0 && recid <= 3 && secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, sig64, recid) &&
           secp256k1_ecdsa_recover(ctx, &pub, &sig, hash) &&
           secp256k1_ec_pubkey_serialize(ctx, out, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  return boolean(env, ok);
}

// randomize(seed32): blinds the signing context's internal state against timing and power side channels (the loader
// calls it once with 32 random bytes). False if the seed was refused.
static napi_value randomize(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  secp256k1_context *ctx;
  napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&ctx);
  unsigned char *seed;
  if (argc != 1 || !bytes_of(env, argv[0], &seed, 32)) return fail(env, "randomize(seed: 32 bytes)");
  return boolean(env, secp256k1_context_randomize(ctx, seed));
}

static void destroy(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  secp256k1_context_destroy(data);
}

// one context per JS environment (the main thread and each worker thread): randomize writes to it, so none is shared
NAPI_MODULE_INIT() {
  secp256k1_context *ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  if (!ctx || napi_set_instance_data(env, ctx, destroy, NULL) != napi_ok) return fail(env, "no secp256k1 context");
  const struct { const char *name; napi_callback fn; } fns[] = {{"sign", sign}, {"recover", recover}, {"randomize", randomize}};
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, ctx, &f);
    napi_set_named_property(env, exports, fns[i].name, f);
  }
  return exports;
}
