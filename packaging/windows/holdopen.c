/*
 * Test-only (make test-windows), never shipped: holdopen FILE SHARE SECONDS
 * opens FILE as another Windows program would and keeps it open, so the test
 * can meet what an analyst meets on Windows:
 *   SHARE "read": Excel with a workbook open (others may read it, no one may
 *                 replace or delete it);
 *   SHARE "none": a program holding the file exclusively (another svhub's
 *                 DuckDB holds its database this way).
 * It creates FILE.held once the file is open and exits after SECONDS.
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: holdopen FILE read|none SECONDS\n");
		return 2;
	}
	DWORD share = strcmp(argv[2], "read") == 0 ? FILE_SHARE_READ : 0;
	HANDLE h = CreateFileA(argv[1], GENERIC_READ, share, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
	if (h == INVALID_HANDLE_VALUE) {
		fprintf(stderr, "holdopen: cannot open %s: error %lu\n", argv[1], GetLastError());
		return 1;
	}
	char marker[MAX_PATH + 8];
	snprintf(marker, sizeof marker, "%s.held", argv[1]);
	HANDLE m = CreateFileA(marker, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	if (m != INVALID_HANDLE_VALUE)
		CloseHandle(m);
	Sleep((DWORD)atoi(argv[3]) * 1000);
	CloseHandle(h);
	return 0;
}
