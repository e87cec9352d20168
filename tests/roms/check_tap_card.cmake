# After rom.dev_tap_cards: the card image of multitap slot B holds the sector the program
# wrote (sector 3F0h, 128 bytes at 3F0h * 80h), merged from its journal at the clean exit.
# -DIMAGE=<slot B image>
file(SIZE ${IMAGE} size)
if(NOT size EQUAL 131072)
  message(FATAL_ERROR "${IMAGE}: ${size} bytes, not a 128 KiB card image")
endif()
math(EXPR offset "0x3f0 * 128")
file(READ ${IMAGE} sector OFFSET ${offset} LIMIT 128)
string(REPEAT "TAP-B-SECTOR-OK!" 8 expected)
if(NOT sector STREQUAL expected)
  message(FATAL_ERROR "${IMAGE}: sector 3F0h is '${sector}', not the written pattern")
endif()
if(EXISTS ${IMAGE}.journal)
  file(SIZE ${IMAGE}.journal journal)
  message(STATUS "journal left: ${journal} bytes")
endif()
