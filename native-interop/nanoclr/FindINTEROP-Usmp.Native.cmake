#
# FindINTEROP-Usmp.Native.cmake - in the shape the MetadataProcessor generates for an interop
# assembly, extended with the USMP C core and the ESP-IDF mbedTLS include dirs.
# Goes in nf-interpreter's CMake/Modules/ ; enabled with NF_INTEROP_ASSEMBLIES="Usmp.Native".
#

########################################################################################
# make sure that a valid path is set bellow                                            #
# this is an Interop module so this file should be placed in the CMakes module folder  #
# usually CMake\Modules                                                                #
########################################################################################

# native code directory: the glue files of native-interop/nanoclr/ copied (or symlinked) here
set(BASE_PATH_FOR_THIS_MODULE ${PROJECT_SOURCE_DIR}/InteropAssemblies/Usmp.Native)

# the USMP C core (native-interop/ of the USMP repository: include/ and src/). Default: a copy
# next to the glue, InteropAssemblies/Usmp.Native/native-interop; or point it at a checkout with
# -DUSMP_NATIVE_SOURCE_DIR=/path/to/usmp/native-interop (or in CMakeUserPresets.json).
set(USMP_NATIVE_SOURCE_DIR "${BASE_PATH_FOR_THIS_MODULE}/native-interop" CACHE PATH "USMP native-interop folder (include/ and src/)")

if(NOT EXISTS "${USMP_NATIVE_SOURCE_DIR}/include/usmp_abi.h")
    message(FATAL_ERROR "Usmp.Native: ${USMP_NATIVE_SOURCE_DIR}/include/usmp_abi.h not found. Set USMP_NATIVE_SOURCE_DIR to the USMP repository's native-interop folder.")
endif()

# set include directories
list(APPEND Usmp.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND Usmp.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND Usmp.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND Usmp.Native_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND Usmp.Native_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE})
# USMP C core headers
list(APPEND Usmp.Native_INCLUDE_DIRS ${USMP_NATIVE_SOURCE_DIR}/include)
list(APPEND Usmp.Native_INCLUDE_DIRS ${USMP_NATIVE_SOURCE_DIR}/src)
# ESP-IDF mbedtls (the IDF component nanoFramework builds with NF_SECURITY_MBEDTLS) and esp_random.h
if(ESP32_IDF_PATH)
    list(APPEND Usmp.Native_INCLUDE_DIRS ${ESP32_IDF_PATH}/components/mbedtls/mbedtls/include)
    list(APPEND Usmp.Native_INCLUDE_DIRS ${ESP32_IDF_PATH}/components/mbedtls/port/include)
    list(APPEND Usmp.Native_INCLUDE_DIRS ${ESP32_IDF_PATH}/components/esp_hw_support/include)
endif()

# source files
set(Usmp.Native_SRCS

    Usmp_Native_native.cpp
    Usmp_Native_native_Usmp_Native_CryptoNative_mshl.cpp
    Usmp_Native_native_Usmp_Native_CryptoNative.cpp
)

foreach(SRC_FILE ${Usmp.Native_SRCS})
    set(Usmp.Native_SRC_FILE SRC_FILE-NOTFOUND)
    find_file(Usmp.Native_SRC_FILE ${SRC_FILE}
        PATHS
	        "${BASE_PATH_FOR_THIS_MODULE}"
	        "${TARGET_BASE_LOCATION}"

	    CMAKE_FIND_ROOT_PATH_BOTH
    )
    # message("${SRC_FILE} >> ${Usmp.Native_SRC_FILE}") # debug helper
    list(APPEND Usmp.Native_SOURCES ${Usmp.Native_SRC_FILE})
endforeach()

# the USMP C core: every src/*.c except the PC port (port_esp32.c provides the random source) and
# the gateway's host-only files (the server handshake and its ABI): a device never calls them.
file(GLOB USMP_CORE_SOURCES "${USMP_NATIVE_SOURCE_DIR}/src/*.c")
list(FILTER USMP_CORE_SOURCES EXCLUDE REGEX ".*/(port_host|handshake_server|usmp_abi_server)\\.c$")
list(APPEND Usmp.Native_SOURCES ${USMP_CORE_SOURCES})
set_source_files_properties(${USMP_CORE_SOURCES} PROPERTIES COMPILE_DEFINITIONS "USMP_PORT_ESP32=1")

include(FindPackageHandleStandardArgs)

FIND_PACKAGE_HANDLE_STANDARD_ARGS(Usmp.Native DEFAULT_MSG Usmp.Native_INCLUDE_DIRS Usmp.Native_SOURCES)
