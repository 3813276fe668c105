# cmake -DVALGRIND=... -DPROG=ct_check -DSUPP=ct_check.supp -P run_ct_check.cmake
# 1. ct_check under memcheck must exit 0 with no uninitialised-value report.
# 2. ct_check --leak-self-test (a deliberate secret-dependent branch) MUST be reported,
#    which proves that this harness can fail.
set(opts --error-exitcode=1 --track-origins=yes --quiet)
if(SUPP AND EXISTS "${SUPP}")
  list(APPEND opts --suppressions=${SUPP})
endif()
execute_process(COMMAND ${VALGRIND} ${opts} ${PROG} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
message("${out}${err}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "constant-time check failed (exit ${rc})")
endif()
if(err MATCHES "uninitialised value" OR err MATCHES "depends on uninitialised")
  message(FATAL_ERROR "memcheck reported secret-dependent behaviour")
endif()
execute_process(COMMAND ${VALGRIND} ${opts} ${PROG} --leak-self-test RESULT_VARIABLE rc2
                OUTPUT_VARIABLE out2 ERROR_VARIABLE err2)
if(rc2 EQUAL 0 OR NOT err2 MATCHES "Conditional jump or move depends on uninitialised value")
  message(FATAL_ERROR "leak self-test was NOT detected: the constant-time harness is blind\n${err2}")
endif()
message("leak self-test detected as expected: the harness can fail")
