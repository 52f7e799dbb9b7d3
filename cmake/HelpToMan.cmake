# Writes the CLI's --help text (HELP) and a man page made of it (MAN). Run with -P.
execute_process(COMMAND "${CLI}" --help OUTPUT_VARIABLE help RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR help STREQUAL "")
  message(FATAL_ERROR "${CLI} --help failed (${result})")
endif()
file(WRITE "${HELP}" "${help}")
# roff: a line starting with '.' or '\'' is a request, and '\' starts an escape.
string(REPLACE "\\" "\\e" body "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" body "${body}")
file(WRITE "${MAN}" ".TH ENTRACHECK 1 \"\" \"entracheck ${VERSION}\" \"User Commands\"
.SH NAME
entracheck \\- check the HTTP response of a Microsoft Entra ID custom authentication extension
.SH DESCRIPTION
.nf
${body}.fi
.SH SEE ALSO
The README of entracheck, and /usr/share/entracheck/schemas/.
")
