/*
 * Test-only stand-in for bcryptprimitives.dll under Wine 8; never shipped.
 *
 * Go 1.22 and later seed their random numbers from ProcessPrng in
 * bcryptprimitives.dll, which Windows 10 and 11 have and Wine 8 lacks, so a
 * Go program cannot even start under Wine 8 without it. make test-windows
 * cross-compiles this file and puts the dll in the throwaway Wine prefix's
 * system32. It asks BCryptGenRandom (which Wine has) for the bytes, as the
 * real ProcessPrng draws from the system's generator.
 */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
