# cmake -DCC=... -DSRC=... -DFLAGS="a|b|c" -DEXPECT=<regex> -P expect_compile_error.cmake
# Passes only if compiling SRC with FLAGS FAILS and the compiler's output matches EXPECT: a
# configuration the build must refuse (e.g. ESP-IDF with hardware AES off) really is refused,
# for the reason we name.
string(REPLACE "|" ";" FLAGS "${FLAGS}") # passed with | for ; (a list inside one -D argument)
execute_process(COMMAND ${CC} ${FLAGS} ${SRC} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "compiled, but this configuration must be refused:\n  ${CC} ${FLAGS} ${SRC}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT}")
  message(FATAL_ERROR "refused, but not for the expected reason (${EXPECT}):\n${out}${err}")
endif()
string(REGEX MATCH "#error[^\n]*" first "${out}${err}")
message("refused as expected: ${first}")
