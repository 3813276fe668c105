// check-only stand-in for nf-interpreter's header of the same name
#include "nanoCLR_Interop_min.h"
