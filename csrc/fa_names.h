/* Op names for the Python layer, expanded from the catalogue. */
#ifndef FA_NAMES_H
#define FA_NAMES_H
#include "fa_kernels.h"
#define FA_NAME_STR(name) #name,
static const char *fa_unary_names[] = {FA_UNARY_OPS(FA_NAME_STR)};
static const char *fa_binary_names[] = {FA_BINARY_OPS(FA_NAME_STR)};
static const char *fa_row_names[] = {FA_ROW_OPS(FA_NAME_STR)};
static const char *fa_row_bwd_names[] = {FA_ROW_BWD_OPS(FA_NAME_STR)};
static const char *fa_rowm_names[] = {FA_ROWM_OPS(FA_NAME_STR)};
static const char *fa_gated_names[] = {FA_GATED_OPS(FA_NAME_STR)};
static const char *fa_gated_bwd_names[] = {FA_GATED_BWD_OPS(FA_NAME_STR)};
#undef FA_NAME_STR
#endif
