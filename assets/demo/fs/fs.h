/* Frame-skip proof programs: each exercises one way a game can depend on earlier drawing, so
   the emulator's partial rendering (DESIGN.md §3) can be shown to keep every VRAM read exact. */
#ifndef DEMO_FS_H
#define DEMO_FS_H

enum FsMode {
    FS_CLEAR,       /* double buffering, whole back buffer cleared every frame */
    FS_RTT,         /* every frame draws into an off-screen texture, then samples it */
    FS_READBACK,    /* every frame reads back (GP0 C0h) a region it has just drawn */
    FS_INCREMENTAL, /* one buffer, never cleared: each frame adds to the last */
    FS_SWITCH,      /* cycles through the four above at run time */
};

/* Runs forever; prints "tick N checksum X probes P fails F" every 60 vblanks. */
void fs_run(const char* name, enum FsMode mode) __attribute__((noreturn));

#endif
