// check-only stand-in for nf-interpreter's header of the same name
#define __nfpack
