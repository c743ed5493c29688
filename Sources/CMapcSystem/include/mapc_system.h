#ifndef MAPC_SYSTEM_H
#define MAPC_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. ENOSYS, EINVAL).
int mapc_exchange_paths(const char *first, const char *second);

#endif
