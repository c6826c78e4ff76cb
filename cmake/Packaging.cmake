# ashyq as a Debian package (docs/packaging.md): install() rules for the executable, its data, the
# manual pages, the bash completion, the systemd units, the conffile and the copyright, and CPack's
# DEB generator. `scripts/package.sh` builds the .deb; `scripts/check-package.sh` checks it.

include(GNUInstallDirs)

# Absolute on purpose: Debian 12 keeps units in /lib/systemd/system and configuration in /etc,
# whatever the prefix (/usr for the package).
set(ASHYQ_SYSTEMD_UNIT_DIR /lib/systemd/system CACHE STRING "where the systemd units go")
set(ASHYQ_CONFIG_DIR /etc/ashyq CACHE STRING "where ashyq.conf goes")

set(packaging_dir ${CMAKE_SOURCE_DIR}/packaging)
set(generated_dir ${CMAKE_BINARY_DIR}/packaging)

# RELRO and immediate binding, as Debian's hardening build flags ask of a network service.
target_link_options(ashyq PRIVATE -Wl,-z,relro -Wl,-z,now)

install(TARGETS ashyq RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# core::data_dir() finds PREFIX/share/ashyq beside PREFIX/bin/ashyq.
install(DIRECTORY ${CMAKE_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/ashyq)

# Made at install time, from the binary just built and the hand-written changelog: the manual
# pages from each command's --help (help2man), and the changelog gzipped without a timestamp.
install(CODE "
  file(REMOVE_RECURSE \"${generated_dir}/man\")
  execute_process(COMMAND ${packaging_dir}/man-pages.sh \"$<TARGET_FILE:ashyq>\"
                          ${PROJECT_VERSION} \"${generated_dir}/man\"
                  COMMAND_ERROR_IS_FATAL ANY)
  execute_process(COMMAND gzip -9n -c ${packaging_dir}/debian/changelog
                  OUTPUT_FILE \"${generated_dir}/changelog.gz\" COMMAND_ERROR_IS_FATAL ANY)
")
install(DIRECTORY ${generated_dir}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${generated_dir}/changelog.gz ${packaging_dir}/debian/copyright
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

install(FILES ${packaging_dir}/bash-completion/ashyq
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${packaging_dir}/systemd/ashyq-helper.service
              ${packaging_dir}/systemd/ashyq-collector.service
              ${packaging_dir}/systemd/ashyq-probe.service
              ${packaging_dir}/systemd/ashyq-probe.timer
        DESTINATION ${ASHYQ_SYSTEMD_UNIT_DIR})
install(FILES ${packaging_dir}/ashyq.conf DESTINATION ${ASHYQ_CONFIG_DIR})

# The changelog's newest entry names the version being packaged.
file(STRINGS ${packaging_dir}/debian/changelog changelog_top LIMIT_COUNT 1)
if(NOT changelog_top MATCHES "^ashyq \\(${PROJECT_VERSION}\\) ")
  message(WARNING "packaging/debian/changelog does not start with version ${PROJECT_VERSION}: "
                  "add an entry for it")
endif()

# `cpack` installs without building everything first (the tests are not in the package);
# scripts/package.sh builds the ashyq target before it.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ashyq)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "observatory of internet censorship (OONI-compatible)")
set(CPACK_PACKAGE_DESCRIPTION
    "ashyq measures, from a volunteer's connection, whether and how websites and\n"
    "services are blocked (DNS tampering, TCP resets, SNI filtering, blockpages,\n"
    "HTTPS interception, throttling) and records the evidence in OONI's data\n"
    "format.\n"
    "\n"
    "This package holds the probe (ashyq run), the test helper and the collector\n"
    "with its transparency log and explorer, with systemd units for the helper,\n"
    "the collector and a volunteer's daily run (not enabled). It includes the\n"
    "Citizen Lab test lists, which are licensed CC BY-NC-SA 4.0.")
string(JOIN "" CPACK_PACKAGE_DESCRIPTION ${CPACK_PACKAGE_DESCRIPTION})
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "ashyq developers <ashyq@example.org>")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends from the executable's shared libraries (dpkg-shlibdeps); the system trust store is what
# TLS measurements are judged against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS ca-certificates)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # ashyq_VERSION_ARCH.deb
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${packaging_dir}/debian/conffiles ${packaging_dir}/debian/postinst
    ${packaging_dir}/debian/prerm ${packaging_dir}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
