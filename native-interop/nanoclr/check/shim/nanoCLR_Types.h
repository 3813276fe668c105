// check-only stand-in for nf-interpreter's nanoCLR_Types.h (PC compile of the interop glue, check.sh).
// Mirrors: nanoframework/nf-interpreter src/CLR/Include/nanoCLR_Types.h
//          @ 01743b6f3e93efce03c5e55e3237c5d556057b88 (read through the code index).
// Only what CLR_RT_NativeAssemblyData needs: CLR_UINT16 and CLR_RECORD_VERSION.
// Note: a newer revision seen in the index (VIRTUAL_DEVICE era, commit not shown) names the fields
// majorVersion/minorVersion/buildNumber/revisionNumber; same layout. The glue only aggregate-
// initialises it positionally ({ 1, 0, 0, 0 }), so it must never name these fields.
#ifndef NANOCLR_TYPES_H
#define NANOCLR_TYPES_H

#include <nanoCLR_PlatformDef.h>

// nanoCLR_Types.h
typedef unsigned short CLR_UINT16;

// nanoCLR_Types.h
struct CLR_RECORD_VERSION
{
    CLR_UINT16 iMajorVersion;
    CLR_UINT16 iMinorVersion;
    CLR_UINT16 iBuildNumber;
    CLR_UINT16 iRevisionNumber;
};

#endif // NANOCLR_TYPES_H
