//! A waker that remembers it was woken: a future polled beside another in one task is
//! polled again only when its own waker fired, not on every wake-up of the task.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Wake, Waker};

use futures_util::task::AtomicWaker;

/// Rung by whatever the watched futures wait for; wakes the task that polls them.
#[derive(Debug)]
pub(super) struct Bell {
    rung: AtomicBool,
    task: AtomicWaker,
}

impl Bell {
    /// A bell already rung, so that the watched futures are polled (and registered) once.
    pub(super) fn new() -> Arc<Self> {
        Arc::new(Bell { rung: AtomicBool::new(true), task: AtomicWaker::new() })
    }

    /// Registers the task to wake: call on every poll of the task, before [`Self::take`].
    pub(super) fn listen(&self, cx: &Context<'_>) {
        self.task.register(cx.waker());
    }

    /// True once after each ring: the watched futures are to be polled again.
    pub(super) fn take(&self) -> bool {
        self.rung.load(Ordering::Acquire) && self.rung.swap(false, Ordering::AcqRel)
    }
}

impl Wake for Bell {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.rung.store(true, Ordering::Release);
        self.task.wake();
    }
}

/// The waker to poll the watched futures with.
pub(super) fn waker(bell: &Arc<Bell>) -> Waker {
    Waker::from(bell.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_once_per_wake_and_wakes_the_task() {
        let bell = Bell::new();
        let woken = Arc::new(Counter::default());
        let task = Waker::from(woken.clone());
        bell.listen(&Context::from_waker(&task));
        assert!(bell.take());
        assert!(!bell.take());
        waker(&bell).wake_by_ref();
        assert_eq!(woken.0.load(Ordering::Relaxed), 1);
        assert!(bell.take());
        assert!(!bell.take());
    }

    #[derive(Default)]
    struct Counter(std::sync::atomic::AtomicUsize);

    impl Wake for Counter {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
}
