// check-only stand-in for nf-interpreter's nanoPackStruct.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/CLR/Include/nanoPackStruct.h
//          @ 63df540d3707b5dd84631904890df34429c059e2 (read through the code index); whole file.
#ifndef _NANO_PACKSTRUCT_H_
#define _NANO_PACKSTRUCT_H_ 1

// nanoPackStruct.h: definition of PACK attribute for structs
#if defined(_MSC_VER)
#define __nfpack

#elif defined(__GNUC__)
#define __nfpack __attribute__((__packed__))

#else
#error "Unknow platform. Please add definition for attribute to tell compiler to pack the struct."
#endif

#endif // _NANO_PACKSTRUCT_H_
