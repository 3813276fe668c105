# cmake -DVALGRIND=... -DPROG=ct_check -DSUPP=ct_check.supp [-DEXPECT_BACKEND=name]
#       [-DEXPECT_LEAK_IN=fn1,fn2] -P run_ct_check.cmake
# 1. ct_check under memcheck must exit 0 with no uninitialised-value report.
# 2. ct_check --leak-self-test (a deliberate secret-dependent branch) MUST be reported,
#    which proves that this harness can fail.
# EXPECT_BACKEND: ct_check's "AES backend" line must name it (the variant runs what it claims).
# EXPECT_LEAK_IN: the opposite of 1: this build (linked to a non-constant-time AES) MUST be
#    reported, with each listed function in the reports' stack traces.
set(opts --error-exitcode=1 --track-origins=yes --quiet)
if(SUPP AND EXISTS "${SUPP}")
  list(APPEND opts --suppressions=${SUPP})
endif()
execute_process(COMMAND ${VALGRIND} ${opts} ${PROG} RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(EXPECT_BACKEND AND NOT out MATCHES "AES backend ${EXPECT_BACKEND}\n")
  message(FATAL_ERROR "ct_check did not run the AES backend ${EXPECT_BACKEND}:\n${out}")
endif()
if(EXPECT_LEAK_IN)
  string(REPLACE "," ";" fns "${EXPECT_LEAK_IN}")
  string(REGEX MATCHALL "(Use of uninitialised value|Conditional jump or move depends on uninitialised)"
         reports "${err}")
  list(LENGTH reports n)
  message("${out}")
  if(rc EQUAL 0 OR n EQUAL 0)
    message(FATAL_ERROR "NOT reported: the harness is blind to this table-based AES\n${err}")
  endif()
  foreach(fn ${fns})
    if(NOT err MATCHES "by 0x[0-9A-F]+: ${fn} |at 0x[0-9A-F]+: ${fn} ")
      message(FATAL_ERROR "reported, but no report names ${fn}:\n${err}")
    endif()
  endforeach()
  string(REGEX MATCH "==[0-9]+== [^\n]*uninitialised[^\n]*\n==[0-9]+==[^\n]*\n" first "${err}")
  message("expected leak reported (${n} memcheck reports, in ${EXPECT_LEAK_IN}); first:\n${first}")
  return()
endif()
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
