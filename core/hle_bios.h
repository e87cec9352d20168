#pragma once
// Built-in HLE BIOS (kernelbios.md): the A0h/B0h/C0h function tables, the exception handler
// with its priority chains, events, root-counter events, threads, pads and the TTY console,
// so PS-EXE programs run with no BIOS image.
//
// The kernel lives in RAM like the real one (00000000h-0000FFFFh): vectors, the A/B/C jump
// tables at their usual addresses, a trap stub for every function, the ExCB/PCB/TCB/EvCB
// control blocks at E000h. Each stub is a reserved opcode (primary opcode 3Fh) that the CPU
// hands to trap(). When the kernel must run MIPS code (interrupt handlers from SysEnqIntRP,
// event callbacks, the custom exit from exception), it points RA at a return trampoline and
// keeps where it was in a small frame stack inside State, so the whole kernel serializes.
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "savestate/state_io.h"

namespace core {

class Cdrom;
class Cpu;
class Bus;
class Irq;
class Sio0;
class Scheduler;
class Host;
namespace disc {
class Disc;
class Iso9660;
struct IsoEntry;
} // namespace disc

class HleBios {
  public:
    // The address SystemError and unresolved exceptions park the CPU at ("b ." loop): a front
    // end seeing pc() here knows the program crashed under the HLE kernel.
    static constexpr uint32_t kSystemErrorLoop = 0x80000ce0;
    static constexpr uint32_t kNumEvCB = 16; // SYSTEM.CNF default "EVENT = 10" (hex)
    static constexpr uint32_t kNumTCB = 4;   // SYSTEM.CNF default "TCB = 4"

    HleBios(Cpu& cpu, Bus& bus, Irq& irq, Sio0& sio0, Scheduler& scheduler);
    ~HleBios();
    // Writes the HLE kernel (vectors, trap stubs, tables) into RAM and the BIOS ROM area.
    void install();
    // Reserved-instruction hook from the CPU; true when the opcode was an HLE trap.
    bool trap(uint32_t pc, uint32_t instruction);
    // The console device (std_out) writes to the host's console (null: nowhere).
    void setHost(Host* host) { host_ = host; }
    // The disc in the drive, for the "cdrom:" file functions (null: no disc, or an EXE run).
    // The kernel reads its file system directly (hle_bios_files.cpp); it is not state.
    void setDisc(disc::Disc* disc);
    // The CD-ROM drive, for A(A6h) CdGetStatus (null: the function fails with -1).
    void setDrive(Cdrom* drive) { drive_ = drive; }
    void serialize(savestate::StateIO& io);

    // Calls one kernel function as if MIPS code had jumped to A0h/B0h/C0h with the number in
    // t1 and the arguments already in a0..a3 (tests and debuggers).
    void callFunction(uint32_t table, uint32_t number);
    // True once SystemError or an unresolved exception has halted the program.
    bool halted() const { return state_.halted != 0; }

    // One step of the kernel's own work that may call MIPS code (see the file comment).
    struct Frame {
        uint32_t kind, phase;
        uint32_t a, b, c, d;
    };
    // One File Control Block ("File Control Blocks (FCB)"): the fields the cdrom device uses.
    struct File {
        uint32_t mode;  // FCB[00h] accessmode (0 = free)
        uint32_t pos;   // FCB[10h] current file position
        uint32_t error; // FCB[18h] for _get_error(fd)
        uint32_t size;  // FCB[20h] filesize
        uint32_t lba;   // FCB[24h] first sector of the file
    };
    // A(31h) qsort, A(35h) lsearch, A(36h) bsearch in progress: they call the program's
    // comparison function, so they run as a frame (kFrSort) that resumes after each call.
    struct Sort {
        static constexpr uint32_t kStack = 32; // qsort keeps the larger part: log2(n) levels
        uint32_t kind;                         // 0 none, 1 qsort, 2 bsearch, 3 lsearch
        uint32_t phase;                        // where to resume (hle_bios_sort.cpp)
        // qsort: the part [a, l) being sorted, its cursors i/j and the equal run lp..hp;
        // bsearch: a = first candidate, l = candidates left, i = the probed one;
        // lsearch: i = the element compared, l = the end.
        uint32_t a, l, i, j, lp, hp;
        uint32_t width, cmp, key, ra; // element size, comparison function, key, caller
        uint32_t depth;               // qsort: parts waiting in stackA/stackL
        uint32_t stackA[kStack], stackL[kStack];
    };
    struct State {
        static constexpr uint32_t kMaxFrames = 12;
        static constexpr uint32_t kMaxFiles = 16; // fd 00h..0Fh; 0 and 1 are std_io
        static constexpr uint32_t kSearchName = 24;
        static constexpr uint32_t kCdPath = 64;
        Frame frames[kMaxFrames];
        uint32_t depth;
        uint32_t heapStart, heapEnd;    // InitHeap
        uint32_t kheapStart, kheapEnd;  // alloc_kernel_memory
        uint32_t randSeed;              // rand/srand
        uint32_t ttyColumn;             // TAB expansion in the console
        uint32_t exitStruct;            // HookEntryInt / SetCustomExitFromException
        uint32_t padBuf[2], padSize[2]; // InitPAD2
        uint32_t padEnable;             // "pad_enable_flag"
        uint32_t padClear;              // ChangeClearPAD: pad handler acknowledges IRQ0
        uint32_t padButtonDest;         // PAD_init2 / PAD_dr
        uint32_t rcntClear[4];          // ChangeClearRCnt(t, flag)
        uint32_t irqAutoAck;            // SetIrqAutoAck bits (DefInt)
        uint32_t strtokNext;            // strtok position in the kernel buffer
        uint32_t warned[3][8];          // unknown functions already reported (A, B, C)
        uint32_t halted;
        File files[kMaxFiles];
        uint32_t fileErrno; // _get_errno(): the last file function error
        // firstfile2/nextfile: the directory searched, the next entry index, the pattern.
        uint32_t searchDirLba, searchDirSize, searchNext;
        uint8_t searchName[kSearchName];
        uint8_t cdPath[kCdPath]; // B(40h) cd: the current directory ("" = root)
        Sort sort;
    };
    static_assert(std::is_trivially_copyable_v<State>);
    const State& state() const { return state_; }

  private:
    Host* host_ = nullptr;
    // Memory helpers (through the bus, so every mirror and dirty tracking works).
    uint32_t rd32(uint32_t a);
    uint16_t rd16(uint32_t a);
    uint8_t rd8(uint32_t a);
    void wr32(uint32_t a, uint32_t v);
    void wr16(uint32_t a, uint16_t v);
    void wr8(uint32_t a, uint8_t v);
    uint32_t arg(unsigned n); // n-th argument: a0..a3, then [sp+10h]...
    void ret(uint32_t v);     // v0 = v and return to RA
    void tty(char c);
    void ttyString(const char* s);
    void warnOnce(uint32_t table, uint32_t number, const char* what);

    void writeKernel();
    // Parts of the kernel image that A(45h) init_a0_b0_c0_vectors and C(07h)
    // InstallExceptionHandlers write again (hle_bios_kernel.cpp).
    void writeCallVectors();
    void writeExceptionVectors();
    void dispatch(uint32_t table, uint32_t trapPc);
    void runFunction(uint32_t table, uint32_t number, uint32_t trapPc);
    bool functionA(uint32_t n, uint32_t trapPc);
    bool functionB(uint32_t n, uint32_t trapPc);
    bool functionC(uint32_t n, uint32_t trapPc);
    void systemError(const char* why);

    // The file functions (hle_bios_files.cpp).
    bool fileFunctionA(uint32_t n);
    bool fileFunctionB(uint32_t n);
    std::string readPath(uint32_t addr);
    bool resolveCd(const std::string& path, disc::IsoEntry& out);
    uint32_t openFile(uint32_t name, uint32_t mode);
    uint32_t readFile(uint32_t fd, uint32_t dst, uint32_t len);
    File* openHandle(uint32_t fd);
    uint32_t fileError(uint32_t code);
    uint32_t findNext(uint32_t direntry);
    // The whole file "cdrom:\PATH" names (false: another device, not found, unreadable).
    bool readCdFile(uint32_t nameAddr, std::vector<uint8_t>& out);
    // LoadTest/Load/Exec/LoadExec (hle_bios_exec.cpp).
    bool execFunctionA(uint32_t n);
    uint32_t loadExe(uint32_t nameAddr, uint32_t headerbuf, bool body);
    void exec(uint32_t headerbuf, uint32_t param1, uint32_t param2, bool fromLoadExec);
    void execReturn();

    // Exceptions and the frame machine.
    uint32_t currentTcb();
    void exceptionEntry();
    void exceptionDispatch();
    void restoreFromTcb(); // ReturnFromException: via the hi/lo stub
    void restoreFinish();
    void returnFromException();
    void exitFromException();
    void pushFrame(uint32_t kind, uint32_t a = 0, uint32_t b = 0, uint32_t c = 0, uint32_t d = 0);
    void callMips(uint32_t fn, uint32_t a0, uint32_t a1, uint32_t sp);
    void run();
    bool step(Frame& f);
    void syscall(uint32_t tcb);

    // Kernel services.
    void deliverEvent(uint32_t cls, uint32_t spec, uint32_t returnRa);
    void undeliverEvent(uint32_t cls, uint32_t spec);
    uint32_t evcb(uint32_t handle);
    void enqueue(uint32_t prio, uint32_t elem);
    void dequeue(uint32_t prio, uint32_t elem);
    // Pads (hle_bios_pads.cpp).
    void refreshPads();
    void readPad(unsigned port, uint32_t buf);
    bool readPadBytes(uint32_t buf);
    // One byte of the kernel's read with its wire time, and the wait for the /ACK that lets
    // the kernel send the next (hle_bios_pads.cpp); awaitAck returns whether it came.
    uint8_t exchangeTimed(uint8_t tx, bool& ack);
    bool awaitAck(bool ack);
    void setupSio0();
    uint32_t padDr();
    uint32_t ackIrq(uint32_t bit);

    // qsort/lsearch/bsearch (hle_bios_sort.cpp).
    bool sortFunctionA(uint32_t n);
    bool sortStep();
    void sortCompare(uint32_t x, uint32_t y);
    void sortExchange(uint32_t x, uint32_t y);
    void sortRotate(uint32_t x, uint32_t y, uint32_t z);

    // libc-style helpers (hle_bios_libc.cpp).
    bool libcFunction(uint32_t n);
    uint32_t strtolImpl(uint32_t src, uint32_t endDst, int base, bool sign, bool atoiMode);
    void printfImpl(uint32_t fmt, unsigned firstArg);
    uint32_t heapAlloc(uint32_t& start, uint32_t& end, uint32_t size);
    void heapInit(uint32_t& start, uint32_t& end, uint32_t addr, uint32_t size);

    Cpu& cpu_;
    Bus& bus_;
    Irq& irq_;
    Sio0& sio0_;
    Scheduler& scheduler_;
    State state_{};
    std::unique_ptr<disc::Iso9660> fs_; // the disc's file system (null: none)
    Cdrom* drive_ = nullptr;
    uint32_t lastResult_ = 0; // v0 of the MIPS call that just returned (inside one trap)
};

} // namespace core
